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
    void passesABodyThatAllocatesNothing() {
        int[] counter = new int[1];
        int warmup = HeapProbe.assertZeroOnceWarm("a counter", () -> counter[0]++, 5);
        assertTrue(warmup >= HeapProbe.WARM_WINDOWS, "warm-up windows=" + warmup);
        assertEquals(warmup + 5, counter[0], "runs the warm-up windows, then the 5 measured ones");
    }

    @Test
    void failsABodyThatAllocatesInEveryWindowListingEveryWindow() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> HeapProbe.assertZeroOnceWarm("an array per window", () -> escaped = new long[8], 1));
        assertTrue(e.getMessage().startsWith("an array per window: never warmed up to 10 consecutive windows of 0 heap"
                + " bytes in 200 windows; bytes per window: [80, 80, "), e.getMessage());
        assertEquals(HeapProbe.MAX_WARMUP_WINDOWS, e.getMessage().split(", ").length, e.getMessage());
    }

    @Test
    void failsABodyThatStartsAllocatingAfterWarmUp() {
        AssertionError e = assertThrows(AssertionError.class, () -> HeapProbe.assertZeroOnceWarm("late garbage", () -> {
            if (++calls > HeapProbe.WARM_WINDOWS + 1) { // the second measured window allocates
                escaped = new long[8];
            }
        }, 3));
        assertEquals("late garbage: allocated heap bytes once warm; measured windows: [0, 80, 80]; warm-up windows:"
                + " [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]", e.getMessage());
    }

    @Test
    void rejectsNoMeasuredWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeapProbe.assertZeroOnceWarm("nothing", () -> {}, 0));
        assertEquals("measuredWindows=0 (must be >= 1)", e.getMessage());
    }
}
