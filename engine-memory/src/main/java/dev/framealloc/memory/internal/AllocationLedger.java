package dev.framealloc.memory.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Checked mode's record of an arena's live allocations: where each one is, its size, and optionally the
 * stack frame that made it. Each allocation is followed by {@link #GUARD_BYTES} guard bytes holding
 * {@link #GUARD_PATTERN}; {@link #verify} finds the first allocation whose guard was overwritten.
 */
public final class AllocationLedger {
    /** Bytes of guard after every checked allocation. */
    public static final int GUARD_BYTES = 16;
    /** The guard byte value. */
    public static final byte GUARD_PATTERN = (byte) 0xFD;
    /** The byte value freed memory is filled with. */
    public static final byte POISON_PATTERN = (byte) 0xDE;
    private static final long GUARD_WORD = 0xFDFDFDFDFDFDFDFDL;

    private long[] addresses = new long[256];
    private long[] sizes = new long[256];
    private long[] offsets = new long[256];
    private String[] sites;
    private int count;

    public AllocationLedger(boolean trackSites) {
        this.sites = trackSites ? new String[256] : null;
    }

    public int count() {
        return count;
    }

    /**
     * Records an allocation of {@code byteSize} bytes at {@code address}, {@code offset} bytes into the arena's
     * logical space, and writes its guard.
     */
    public void record(long address, long byteSize, long offset) {
        if (count == addresses.length) {
            addresses = Arrays.copyOf(addresses, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            if (sites != null) {
                sites = Arrays.copyOf(sites, count * 2);
            }
        }
        MemorySegment all = Lifetimes.everything();
        all.set(ValueLayout.JAVA_LONG_UNALIGNED, address + byteSize, GUARD_WORD);
        all.set(ValueLayout.JAVA_LONG_UNALIGNED, address + byteSize + 8, GUARD_WORD);
        addresses[count] = address;
        sizes[count] = byteSize;
        offsets[count] = offset;
        if (sites != null) {
            sites[count] = Lifecycle.creationSite();
        }
        count++;
    }

    /**
     * Checks the guards of entries {@code [from, count)}.
     *
     * @return a message naming the first overrun allocation, or null if every guard is intact
     */
    public String verify(int from, String arenaName) {
        MemorySegment all = Lifetimes.everything();
        for (int i = from; i < count; i++) {
            long end = addresses[i] + sizes[i];
            if (all.get(ValueLayout.JAVA_LONG_UNALIGNED, end) != GUARD_WORD
                    || all.get(ValueLayout.JAVA_LONG_UNALIGNED, end + 8) != GUARD_WORD) {
                return describeOverrun(i, arenaName);
            }
        }
        return null;
    }

    /** Fills entries {@code [from, count)} and their guards with {@link #POISON_PATTERN}. */
    public void poison(int from) {
        MemorySegment all = Lifetimes.everything();
        for (int i = from; i < count; i++) {
            all.asSlice(addresses[i], sizes[i] + GUARD_BYTES).fill(POISON_PATTERN);
        }
    }

    /** Forgets entries from {@code from} on. */
    public void truncate(int from) {
        if (sites != null) {
            Arrays.fill(sites, from, count, null);
        }
        count = from;
    }

    /** Forgets everything; the next allocation gets index 0. */
    public void restart() {
        truncate(0);
    }

    private String describeOverrun(int i, String arenaName) {
        MemorySegment all = Lifetimes.everything();
        long end = addresses[i] + sizes[i];
        int firstBad = 0;
        while (firstBad < GUARD_BYTES && all.get(ValueLayout.JAVA_BYTE, end + firstBad) == GUARD_PATTERN) {
            firstBad++;
        }
        return "buffer overrun in arena '" + arenaName + "': allocation index=" + i
                + " size=" + sizes[i] + " offset=" + offsets[i]
                + " address=0x" + Long.toHexString(addresses[i])
                + ": guard byte " + firstBad + " past its end was overwritten"
                + (sites != null ? "; allocated at " + sites[i] : " (enable allocation-site tracking to see where it was allocated)");
    }
}
