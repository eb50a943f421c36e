package dev.framealloc.demo.overlay;

import dev.framealloc.demo.HeapProbe;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextLineTest {
    private final TextLine line = new TextLine(64);

    @Test
    void writesWholeNumbersWithThousandsSeparators() {
        assertEquals("0", line.clear().append(0L).toString());
        assertEquals("999", line.clear().append(999L).toString());
        assertEquals("1,000", line.clear().append(1000L).toString());
        assertEquals("1,048,576", line.clear().append(1_048_576L).toString());
        assertEquals("-20,005", line.clear().append(-20_005L).toString());
        assertEquals("9,223,372,036,854,775,807", line.clear().append(Long.MAX_VALUE).toString());
        assertEquals("-9,223,372,036,854,775,808", line.clear().append(Long.MIN_VALUE).toString());
    }

    @Test
    void writesFixedDecimalsRounded() {
        assertEquals("16.67", line.clear().appendFixed(1000.0 / 60, 2).toString());
        assertEquals("0.05", line.clear().appendFixed(0.049, 2).toString());
        assertEquals("1,234.5", line.clear().appendFixed(1234.46, 1).toString());
        assertEquals("60", line.clear().appendFixed(59.7, 0).toString());
        assertEquals("-2.50", line.clear().appendFixed(-2.5, 2).toString());
        assertEquals("0.00", line.clear().appendFixed(-0.001, 2).toString());
        assertEquals("-", line.clear().appendFixed(Double.NaN, 2).toString());
    }

    @Test
    void appendsLabelsPadsAndDropsOverflow() {
        TextLine small = new TextLine(8);
        small.append(TextLine.ascii("fps")).padTo(5).append(123456L);
        assertEquals("fps  123", small.toString());
        assertEquals(8, small.length());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new TextLine(0));
        assertThrows(IllegalArgumentException.class, () -> line.appendFixed(1, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> line.clear().charAt(0));
    }

    @Test
    @Tag("zero-garbage")
    void formatsWithoutAllocatingOnceWarm() {
        byte[] label = TextLine.ascii("arena ");
        int lines = 20_000;
        HeapProbe.assertZeroOnceWarm(lines + " formatted lines", lines, () -> {
            for (int i = 0; i < lines; i++) {
                format(label, i);
            }
        }, 5);
        assertEquals("arena 158,372,081 6,666.33", line.toString(), "the last line of a window");
    }

    private void format(byte[] label, int i) {
        line.clear().append(label).append((long) i * 7919).append(' ').appendFixed(i / 3.0, 2);
    }
}
