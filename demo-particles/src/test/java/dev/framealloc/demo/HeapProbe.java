package dev.framealloc.demo;

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
 * A class whose methods are always inlined into another method's compile gets its own first C2 request much later
 * ({@code ScratchArena}: 544 B after 250,000 scopes), so no fixed warm-up rules these one-offs out.
 * <p>
 * So {@link #assertZeroOnceWarm} runs the body in windows for at least {@link #MIN_WARMUP_CALLS} calls, and on until
 * {@link #WARM_WINDOWS} consecutive windows measure exactly 0 bytes; then the measured windows must measure exactly 0
 * bytes each, in a row: no byte budget. A window that allocates after the warm-up restarts the count, at most
 * {@link #MAX_LATE_ONE_OFFS} times: a one-off does not come back, garbage made per call or every few windows does,
 * and fails. So does a body that never warms up within {@link #EXTRA_WARMUP_WINDOWS} windows past the minimum. Every
 * failure lists the bytes of every window run.
 * {@snippet :
 * HeapProbe.assertZeroOnceWarm("10,000 allocateAddress calls", 10_000, () -> {
 *     for (int i = 0; i < 10_000; i++) {
 *         arena.allocateAddress(16, 16);
 *     }
 *     arena.reset();
 * }, 10);
 * }
 * The body must be the same work in every window (a lambda created once; calling it allocates nothing). Tag the
 * test {@code @Tag("zero-garbage")}: {@code scripts/zero-garbage-loop.sh} repeats every such test in fresh JVMs.
 * A copy lives in engine-memory's tests ({@code dev.framealloc.memory.HeapProbe}); keep the two alike. Public
 * because the demo's tests in every package use it.
 */
public final class HeapProbe {
    /** Calls of the code under test before measuring: four times HotSpot's C2 threshold of 5,000 calls. */
    public static final int MIN_WARMUP_CALLS = 20_000;
    /** Consecutive windows, at the end of the warm-up, that must measure exactly 0 bytes. */
    public static final int WARM_WINDOWS = 3;
    /** Warm-up windows run past {@link #MIN_WARMUP_CALLS} at most; a body still allocating then fails. */
    public static final int EXTRA_WARMUP_WINDOWS = 100;
    /** Windows that may allocate after the warm-up (JIT one-offs) before the body fails. */
    public static final int MAX_LATE_ONE_OFFS = 3;

    /** Looked up once: {@code ManagementFactory.getThreadMXBean()} allocates on every call, the counter read does not. */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private HeapProbe() {}

    /** Heap bytes the current thread allocates while {@code body} runs once. */
    public static long bytesOf(Runnable body) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * Warms {@code window} up for at least {@link #MIN_WARMUP_CALLS} calls and until {@link #WARM_WINDOWS} consecutive
     * runs allocate exactly 0 heap bytes, then asserts that the next {@code measuredWindows} runs allocate exactly 0
     * bytes each. A run that allocates after the warm-up restarts the count, at most {@link #MAX_LATE_ONE_OFFS} times.
     *
     * @param what            what one window does, for the failure message
     * @param callsPerWindow  calls in one window of the least called method under test (a frame, a reset), {@code >= 1}
     * @param window          one window of work; the same work every time
     * @param measuredWindows windows measured after warm-up, {@code >= 1}
     * @return the number of windows run, warm-up included (for the test's log)
     * @throws AssertionError           if the body never warms up, or allocates in more than
     *                                  {@link #MAX_LATE_ONE_OFFS} windows after it; the message lists every window
     * @throws IllegalArgumentException if {@code callsPerWindow} or {@code measuredWindows} is below 1
     */
    public static int assertZeroOnceWarm(String what, int callsPerWindow, Runnable window, int measuredWindows) {
        if (callsPerWindow < 1 || measuredWindows < 1) {
            throw new IllegalArgumentException("callsPerWindow=" + callsPerWindow + " measuredWindows=" + measuredWindows
                    + " (both must be >= 1)");
        }
        int minWindows = Math.max(WARM_WINDOWS, (MIN_WARMUP_CALLS + callsPerWindow - 1) / callsPerWindow);
        int zeroRunNeeded = WARM_WINDOWS + measuredWindows;
        long[] bytes = new long[minWindows + EXTRA_WARMUP_WINDOWS + (MAX_LATE_ONE_OFFS + 1) * zeroRunNeeded];
        int windows = 0;
        int zeroRun = 0;
        int warmAt = -1; // the window after which the warm-up was done
        int lateOneOffs = 0;
        while (true) {
            long b = bytesOf(window);
            bytes[windows++] = b;
            if (b != 0) {
                zeroRun = 0;
                if (warmAt >= 0 && ++lateOneOffs > MAX_LATE_ONE_OFFS) {
                    throw new AssertionError(what + ": allocated heap bytes in " + lateOneOffs + " windows after the"
                            + " warm-up (window " + warmAt + "), more than the " + MAX_LATE_ONE_OFFS + " JIT one-offs"
                            + " allowed; bytes per window: " + Arrays.toString(Arrays.copyOf(bytes, windows)));
                }
            } else if (++zeroRun >= WARM_WINDOWS && warmAt < 0 && windows >= minWindows) {
                warmAt = windows;
            }
            if (warmAt >= 0 && windows >= warmAt + measuredWindows && zeroRun >= zeroRunNeeded) {
                return windows;
            }
            if (warmAt < 0 && windows == minWindows + EXTRA_WARMUP_WINDOWS) {
                throw new AssertionError(what + ": never warmed up to " + WARM_WINDOWS + " consecutive windows of 0 heap"
                        + " bytes in " + windows + " windows; bytes per window: " + Arrays.toString(Arrays.copyOf(bytes, windows)));
            }
        }
    }
}
