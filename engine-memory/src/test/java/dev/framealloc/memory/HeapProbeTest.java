package dev.framealloc.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zero-garbage probe itself: it passes a body that allocates nothing and fails every kind that does. */
class HeapProbeTest {
    /** Escapes every array, so escape analysis cannot remove the allocation. */
    private static volatile Object escaped;
    private int calls;

    @Test
    void passesABodyThatAllocatesNothingAfterTheMinimumWarmUp() {
        int[] counter = new int[1];
        int warmup = HeapProbe.assertZeroOnceWarm("a counter", 1_000, () -> counter[0]++, 5);
        assertTrue(warmup >= HeapProbe.MIN_WARMUP_CALLS / 1_000, "warm-up windows=" + warmup);
        assertEquals(warmup + 5, counter[0], "runs the warm-up windows, then the 5 measured ones");
    }

    @Test
    void failsABodyThatAllocatesInEveryWindowListingEveryWindow() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> HeapProbe.assertZeroOnceWarm("an array per window", 20_000, () -> escaped = new long[8], 1));
        assertTrue(e.getMessage().startsWith("an array per window: never warmed up to 3 consecutive windows of 0 heap"
                + " bytes in 103 windows; bytes per window: [80, 80, "), e.getMessage());
        assertEquals(HeapProbe.WARM_WINDOWS + HeapProbe.EXTRA_WARMUP_WINDOWS, e.getMessage().split(", ").length,
                "at least WARM_WINDOWS windows, then EXTRA_WARMUP_WINDOWS more: " + e.getMessage());
    }

    @Test
    void failsABodyThatStartsAllocatingAfterWarmUp() {
        AssertionError e = assertThrows(AssertionError.class, () -> HeapProbe.assertZeroOnceWarm("late garbage", 20_000, () -> {
            if (++calls > HeapProbe.WARM_WINDOWS + 1) { // the second measured window allocates
                escaped = new long[8];
            }
        }, 3));
        assertEquals("late garbage: allocated heap bytes once warm; measured windows: [0, 80, 80]; warm-up windows:"
                + " [0, 0, 0]", e.getMessage());
    }

    @Test
    void rejectsEmptyWindowsAndNoMeasuredWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeapProbe.assertZeroOnceWarm("nothing", 1, () -> {}, 0));
        assertEquals("callsPerWindow=1 measuredWindows=0 (both must be >= 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HeapProbe.assertZeroOnceWarm("nothing", 0, () -> {}, 1));
        assertEquals("callsPerWindow=0 measuredWindows=1 (both must be >= 1)", e.getMessage());
    }
}
