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
    void passesABodyThatAllocatesNothingAfterTheMinimumWarmUpAndTheMeasuredWindows() {
        int windows = HeapProbe.assertZeroOnceWarm("a counter", 1_000, () -> calls++, 5);
        assertTrue(windows >= HeapProbe.MIN_WARMUP_CALLS / 1_000 + 5, "windows=" + windows);
        assertEquals(windows, calls, "returns the number of windows it ran");
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
    void toleratesOneLateOneOffAndMeasuresAgainAfterIt() {
        int windows = HeapProbe.assertZeroOnceWarm("a one-off in window 5", 20_000, () -> {
            if (++calls == 5) {
                escaped = new long[8];
            }
        }, 3);
        assertEquals(5 + HeapProbe.WARM_WINDOWS + 3, windows, "3 warm and 3 measured zero windows after the one-off");
    }

    @Test
    void failsABodyThatKeepsAllocatingAfterWarmUp() {
        AssertionError e = assertThrows(AssertionError.class, () -> HeapProbe.assertZeroOnceWarm("every other window", 20_000, () -> {
            if (++calls > HeapProbe.WARM_WINDOWS && calls % 2 == 0) {
                escaped = new long[8];
            }
        }, 3));
        assertEquals("every other window: allocated heap bytes in 4 windows after the warm-up (window 3), more than the 3"
                + " JIT one-offs allowed; bytes per window: [0, 0, 0, 80, 0, 80, 0, 80, 0, 80]", e.getMessage());
    }

    @Test
    void failsAMeasuredWindowThatAllocatesEveryTime() {
        AssertionError e = assertThrows(AssertionError.class, () -> HeapProbe.assertZeroOnceWarm("late garbage", 20_000, () -> {
            if (++calls > HeapProbe.WARM_WINDOWS) {
                escaped = new long[8];
            }
        }, 3));
        assertEquals("late garbage: allocated heap bytes in 4 windows after the warm-up (window 3), more than the 3 JIT"
                + " one-offs allowed; bytes per window: [0, 0, 0, 80, 80, 80, 80]", e.getMessage());
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
