package dev.framealloc.memory;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Exact zero-garbage assertions for tests: counts the heap bytes the current thread allocates while a body runs,
 * with {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes} (exact, per thread).
 * <p>
 * Warm-up allocates more than the code itself: interpreted and C1-compiled code may allocate what C2's escape
 * analysis removes later, and when HotSpot requests the first C2 compile of any method of a class, the calling
 * thread resolves every string constant of that class (its exception messages, say) into {@code String}s: a
 * one-off of a few hundred bytes to a few KiB that lands in whatever window is running (on JDK 25,
 * {@code FrameArenas} costs 560 B at about its 7,000th frame). C2 compiles are requested after some 5,000 to
 * 15,000 calls of a method, later when the compile queue is long. So {@link #assertZeroOnceWarm} runs the body
 * in windows until {@link #WARM_WINDOWS} consecutive windows measure exactly 0 bytes (giving up after
 * {@link #MAX_WARMUP_WINDOWS}), then runs the measured windows and asserts that each one measured exactly 0:
 * no byte budget. Size a window so that {@link #WARM_WINDOWS} of them make at least 40,000 calls of the least
 * called method under test, well past those thresholds. A body that allocates on every call never warms up and
 * fails with the bytes of every window it ran.
 * {@snippet :
 * HeapProbe.assertZeroOnceWarm("10,000 allocateAddress calls", () -> {
 *     for (int i = 0; i < 10_000; i++) {
 *         arena.allocateAddress(16, 16);
 *     }
 *     arena.reset();
 * }, 10);
 * }
 * The body must be the same work in every window (a lambda created once; calling it allocates nothing).
 * A copy lives in demo-particles' tests ({@code dev.framealloc.demo.HeapProbe}); keep the two alike.
 */
final class HeapProbe {
    /** Consecutive windows that must measure exactly 0 bytes before the measured windows start. */
    static final int WARM_WINDOWS = 10;
    /** Warm-up windows run at most; a body still allocating after these fails the assertion. */
    static final int MAX_WARMUP_WINDOWS = 200;

    /** Looked up once: {@code ManagementFactory.getThreadMXBean()} allocates on every call, the counter read does not. */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private HeapProbe() {}

    /** Heap bytes the current thread allocates while {@code body} runs once. */
    static long bytesOf(Runnable body) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * Warms {@code window} up until {@link #WARM_WINDOWS} consecutive runs allocate exactly 0 heap bytes, then runs it
     * {@code measuredWindows} more times and asserts that every one of those allocated exactly 0 bytes.
     *
     * @param what            what one window does, for the failure message
     * @param window          one window of work; the same work every time
     * @param measuredWindows windows measured after warm-up, at least 1
     * @return the number of warm-up windows it took (for the test's log)
     * @throws AssertionError if the body never warms up, or a measured window allocated; the message lists the bytes
     *                        of every window run
     */
    static int assertZeroOnceWarm(String what, Runnable window, int measuredWindows) {
        if (measuredWindows < 1) {
            throw new IllegalArgumentException("measuredWindows=" + measuredWindows + " (must be >= 1)");
        }
        long[] warmup = new long[MAX_WARMUP_WINDOWS];
        long[] measured = new long[measuredWindows];
        int warmWindows = 0;
        int zeroRun = 0;
        while (zeroRun < WARM_WINDOWS) {
            if (warmWindows == MAX_WARMUP_WINDOWS) {
                throw new AssertionError(what + ": never warmed up to " + WARM_WINDOWS + " consecutive windows of 0 heap"
                        + " bytes in " + MAX_WARMUP_WINDOWS + " windows; bytes per window: " + Arrays.toString(warmup));
            }
            long bytes = bytesOf(window);
            warmup[warmWindows++] = bytes;
            zeroRun = bytes == 0 ? zeroRun + 1 : 0;
        }
        boolean allZero = true;
        for (int i = 0; i < measuredWindows; i++) {
            measured[i] = bytesOf(window);
            allZero &= measured[i] == 0;
        }
        if (!allZero) {
            throw new AssertionError(what + ": allocated heap bytes once warm; measured windows: "
                    + Arrays.toString(measured) + "; warm-up windows: "
                    + Arrays.toString(Arrays.copyOf(warmup, warmWindows)));
        }
        return warmWindows;
    }
}
