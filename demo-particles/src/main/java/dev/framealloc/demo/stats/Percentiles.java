package dev.framealloc.demo.stats;

import java.util.Arrays;

/** Nearest-rank percentiles over a log's columns, for end-of-run summaries (allocates: not for the frame loop). */
public final class Percentiles {
    private Percentiles() {}

    /**
     * The {@code p}-th percentile (nearest rank) of frame times of rows {@code [from, log.size())}.
     *
     * @throws IllegalArgumentException if {@code p} is not in [0, 100] or the range is empty
     */
    public static double frameMs(FrameStatsLog log, int from, double p) {
        double[] values = new double[checkedCount(log, from, p)];
        for (int i = 0; i < values.length; i++) {
            values[i] = log.frameMs(from + i);
        }
        Arrays.sort(values);
        return values[rank(values.length, p)];
    }

    /**
     * The {@code p}-th percentile (nearest rank) of loop-thread heap bytes of rows {@code [from, log.size())}.
     *
     * @throws IllegalArgumentException if {@code p} is not in [0, 100] or the range is empty
     */
    public static long heapBytes(FrameStatsLog log, int from, double p) {
        long[] values = new long[checkedCount(log, from, p)];
        for (int i = 0; i < values.length; i++) {
            values[i] = log.heapBytes(from + i);
        }
        Arrays.sort(values);
        return values[rank(values.length, p)];
    }

    private static int checkedCount(FrameStatsLog log, int from, double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("p=" + p + " not in [0, 100]");
        }
        int count = log.size() - from;
        if (from < 0 || count <= 0) {
            throw new IllegalArgumentException("rows [" + from + ", " + log.size() + ") are empty");
        }
        return count;
    }

    private static int rank(int n, double p) {
        return Math.max(0, (int) Math.ceil(p / 100.0 * n) - 1);
    }
}
