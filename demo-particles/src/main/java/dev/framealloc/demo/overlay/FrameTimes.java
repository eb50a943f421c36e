package dev.framealloc.demo.overlay;

/**
 * Frame times for the overlay: the last {@link #HISTORY} frame times (for the graph) and the average, maximum
 * and frame rate over the last whole second. Fed once per frame with {@link #record(long, long)}, from
 * {@code System.nanoTime()} values, never from {@code glfwGetTime} (which allocates under JDK 25).
 * Allocation-free; confined to one thread.
 */
public final class FrameTimes {
    /** Frame times kept for the history graph, the same depth as {@code FrameStatsHistory}. */
    public static final int HISTORY = dev.framealloc.memory.FrameStatsHistory.CAPACITY;
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final double NANOS_PER_MILLI = 1e6;
    private static final int MASK = HISTORY - 1;

    private final float[] ms = new float[HISTORY];
    private long written;

    private long windowStart = Long.MIN_VALUE;
    private double windowSumMs, windowMaxMs;
    private int windowFrames;
    private double averageMs, maxMs, fps;
    private boolean hasFullWindow;

    /**
     * Records one frame.
     *
     * @param frameNanos the frame's duration, nanoseconds
     * @param endNanos   {@code System.nanoTime()} at the end of the frame
     */
    public void record(long frameNanos, long endNanos) {
        double frameMs = frameNanos / NANOS_PER_MILLI;
        ms[(int) (written & MASK)] = (float) frameMs;
        written++;
        if (windowStart == Long.MIN_VALUE) {
            windowStart = endNanos - frameNanos;
        }
        windowSumMs += frameMs;
        windowMaxMs = Math.max(windowMaxMs, frameMs);
        windowFrames++;
        long elapsed = endNanos - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            averageMs = windowSumMs / windowFrames;
            maxMs = windowMaxMs;
            fps = windowFrames * (double) WINDOW_NANOS / elapsed;
            hasFullWindow = true;
            windowStart = endNanos;
            windowSumMs = 0;
            windowMaxMs = 0;
            windowFrames = 0;
        } else if (!hasFullWindow) {
            // Before the first whole second: show the partial window.
            averageMs = windowSumMs / windowFrames;
            maxMs = windowMaxMs;
            fps = elapsed > 0 ? windowFrames * (double) WINDOW_NANOS / elapsed : 0;
        }
    }

    /** The last recorded frame time, ms (0 before the first frame). */
    public double lastMs() {
        return written == 0 ? 0 : ms[(int) ((written - 1) & MASK)];
    }

    /** Average frame time over the last whole second, ms. */
    public double averageMs() {
        return averageMs;
    }

    /** Longest frame of the last whole second, ms. */
    public double maxMs() {
        return maxMs;
    }

    /** Frames per second over the last whole second. */
    public double fps() {
        return fps;
    }

    /** Frame times held, at most {@link #HISTORY}. */
    public int size() {
        return (int) Math.min(written, HISTORY);
    }

    /** Frame time {@code i} of the held ones, 0 = oldest, ms. */
    public float ms(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("index=" + i + " not in [0, " + size() + ")");
        }
        return ms[(int) ((written - size() + i) & MASK)];
    }

    /** Longest frame time held, ms. */
    public float maxHeldMs() {
        float max = 0;
        for (int i = 0, n = size(); i < n; i++) {
            max = Math.max(max, ms(i));
        }
        return max;
    }
}
