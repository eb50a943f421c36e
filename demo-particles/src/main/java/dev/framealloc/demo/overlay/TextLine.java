package dev.framealloc.demo.overlay;

import java.nio.charset.StandardCharsets;

/**
 * One line of ASCII text built without {@code String}s: a preallocated byte array that labels (constant
 * {@code byte[]}s) and numbers are appended to digit by digit. Numbers are written with thousands separators
 * ({@code 1,048,576}) or with a fixed number of decimals ({@code 16.67}). Characters past the capacity are
 * dropped. Allocation-free after construction; confined to one thread.
 */
public final class TextLine {
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000};
    private static final byte[] LONG_MIN_VALUE = ascii("-9,223,372,036,854,775,808");
    private final byte[] chars;
    private int length;

    /**
     * @param capacity most characters the line holds, {@code > 0}
     */
    public TextLine(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be > 0");
        }
        chars = new byte[capacity];
    }

    /** The ASCII bytes of {@code text}, for the constant labels the overlay appends every frame. */
    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Empties the line. */
    public TextLine clear() {
        length = 0;
        return this;
    }

    /** Appends ASCII bytes. */
    public TextLine append(byte[] ascii) {
        for (int i = 0; i < ascii.length; i++) {
            put(ascii[i]);
        }
        return this;
    }

    /** Appends one ASCII character. */
    public TextLine append(char c) {
        put((byte) c);
        return this;
    }

    /** Pads with spaces up to column {@code column} (no-op when the line is already that long). */
    public TextLine padTo(int column) {
        while (length < column && length < chars.length) {
            put((byte) ' ');
        }
        return this;
    }

    /** Appends a whole number in decimal with a comma every three digits, e.g. {@code -1,234,567}. */
    public TextLine append(long value) {
        if (value == Long.MIN_VALUE) {
            return append(LONG_MIN_VALUE); // |MIN_VALUE| does not fit in a long
        }
        if (value < 0) {
            put((byte) '-');
            value = -value;
        }
        appendDigits(value);
        return this;
    }

    private void appendDigits(long value) {
        // Largest power of 1000 not above value, then groups of three digits from the left.
        long group = 1;
        while (value / group >= 1000) {
            group *= 1000;
        }
        put3((int) (value / group), false);
        value %= group;
        while (group > 1) {
            group /= 1000;
            put((byte) ',');
            put3((int) (value / group), true);
            value %= group;
        }
    }

    private void put3(int n, boolean zeroPad) {
        int hundreds = n / 100, tens = n / 10 % 10, ones = n % 10;
        if (zeroPad || hundreds > 0) {
            put((byte) ('0' + hundreds));
        }
        if (zeroPad || hundreds > 0 || tens > 0) {
            put((byte) ('0' + tens));
        }
        put((byte) ('0' + ones));
    }

    /**
     * Appends {@code value} rounded to {@code decimals} decimals (0 to 5), e.g. {@code 16.67}; NaN and
     * infinities print as {@code -}.
     */
    public TextLine appendFixed(double value, int decimals) {
        if (decimals < 0 || decimals >= POWERS_OF_TEN.length) {
            throw new IllegalArgumentException("decimals=" + decimals + " must be in [0, " + POWERS_OF_TEN.length + ")");
        }
        if (Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) > 1e15) {
            put((byte) '-');
            return this;
        }
        long scale = POWERS_OF_TEN[decimals];
        long scaled = Math.round(Math.abs(value) * scale);
        if (value < 0 && scaled != 0) {
            put((byte) '-');
        }
        appendDigits(scaled / scale);
        if (decimals > 0) {
            put((byte) '.');
            long fraction = scaled % scale;
            for (long p = scale / 10; p > 0; p /= 10) {
                put((byte) ('0' + (int) (fraction / p % 10)));
            }
        }
        return this;
    }

    private void put(byte c) {
        if (length < chars.length) {
            chars[length++] = c;
        }
    }

    /** Characters in the line. */
    public int length() {
        return length;
    }

    /** Character {@code i}, {@code 0 <= i < length()}. */
    public byte charAt(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index=" + i + " not in [0, " + length + ")");
        }
        return chars[i];
    }

    /** The line as a String (allocates; for tests and messages, not for the frame loop). */
    @Override
    public String toString() {
        return new String(chars, 0, length, StandardCharsets.US_ASCII);
    }
}
