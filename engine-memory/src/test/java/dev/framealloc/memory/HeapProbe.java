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
 * one-off of a few hundred bytes to a few KiB in whatever window is running. On JDK 25 {@code MemoryArena} costs
 * 2,568 B and {@code FrameArenas} 560 B, at up to the 9,700th frame (seen with a load average of 12 on 2 cores;
 * C2 compiles are requested after about 5,000 calls of a method, later when the compile queue is long).
 * <p>
 * So {@link #assertZeroOnceWarm} runs the body in windows for at least {@link #MIN_WARMUP_CALLS} calls, and on until
 * {@link #WARM_WINDOWS} consecutive windows measure exactly 0 bytes (giving up after {@link #EXTRA_WARMUP_WINDOWS}
 * more windows); then it runs the measured windows and asserts that each one measured exactly 0: no byte budget.
 * A body that allocates on every call never warms up and fails with the bytes of every window it ran.
 * {@snippet :
 * HeapProbe.assertZeroOnceWarm("10,000 allocateAddress calls", 10_000, () -> {
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
    /** Calls of the code under test before measuring: four times HotSpot's C2 threshold of 5,000 calls. */
    static final int MIN_WARMUP_CALLS = 20_000;
    /** Consecutive windows, at the end of the warm-up, that must measure exactly 0 bytes. */
    static final int WARM_WINDOWS = 3;
    /** Warm-up windows run past {@link #MIN_WARMUP_CALLS} at most; a body still allocating then fails. */
    static final int EXTRA_WARMUP_WINDOWS = 100;

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
     * Warms {@code window} up for at least {@link #MIN_WARMUP_CALLS} calls and until {@link #WARM_WINDOWS} consecutive
     * runs allocate exactly 0 heap bytes, then runs it {@code measuredWindows} more times and asserts that every one
     * of those allocated exactly 0 bytes.
     *
     * @param what            what one window does, for the failure message
     * @param callsPerWindow  calls in one window of the least called method under test (a frame, a reset), {@code >= 1}
     * @param window          one window of work; the same work every time
     * @param measuredWindows windows measured after warm-up, {@code >= 1}
     * @return the number of warm-up windows it took (for the test's log)
     * @throws AssertionError           if the body never warms up, or a measured window allocated; the message lists
     *                                  the bytes of every window run
     * @throws IllegalArgumentException if {@code callsPerWindow} or {@code measuredWindows} is below 1
     */
    static int assertZeroOnceWarm(String what, int callsPerWindow, Runnable window, int measuredWindows) {
        if (callsPerWindow < 1 || measuredWindows < 1) {
            throw new IllegalArgumentException("callsPerWindow=" + callsPerWindow + " measuredWindows=" + measuredWindows
                    + " (both must be >= 1)");
        }
        int minWindows = Math.max(WARM_WINDOWS, (MIN_WARMUP_CALLS + callsPerWindow - 1) / callsPerWindow);
        long[] warmup = new long[minWindows + EXTRA_WARMUP_WINDOWS];
        long[] measured = new long[measuredWindows];
        int warmWindows = 0;
        int zeroRun = 0;
        while (warmWindows < minWindows || zeroRun < WARM_WINDOWS) {
            if (warmWindows == warmup.length) {
                throw new AssertionError(what + ": never warmed up to " + WARM_WINDOWS + " consecutive windows of 0 heap"
                        + " bytes in " + warmup.length + " windows; bytes per window: " + Arrays.toString(warmup));
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
