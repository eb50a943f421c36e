package dev.framealloc.benchmarks.report;

/**
 * One target of the issue, checked against measured values.
 *
 * @param name     what is promised
 * @param measured the measured value, formatted
 * @param required the threshold, formatted
 * @param met      whether the measurement meets the threshold
 * @param shortfall when missed: by how much, formatted; empty when met
 */
public record Target(String name, String measured, String required, boolean met, String shortfall) {

    /** A target that a ratio must stay at or below {@code max}. */
    static Target atMost(String name, double ratio, double max, String measuredText) {
        boolean met = ratio <= max;
        String by = met ? "" : String.format(java.util.Locale.ROOT, "by %.0f%% (%.2fx vs at most %.2fx)", (ratio / max - 1) * 100, ratio, max);
        return new Target(name, measuredText, String.format(java.util.Locale.ROOT, "<= %.2fx", max), met, by);
    }

    /** A target that a ratio must reach at least {@code min}. */
    static Target atLeast(String name, double ratio, double min, String measuredText) {
        boolean met = ratio >= min;
        String by = met ? "" : String.format(java.util.Locale.ROOT, "by %.0f%% (%.1fx vs at least %.0fx)", (1 - ratio / min) * 100, ratio, min);
        return new Target(name, measuredText, String.format(java.util.Locale.ROOT, ">= %.0fx", min), met, by);
    }

    /**
     * A zero-allocation target. JMH's {@code gc.alloc.rate.norm} includes a little of the harness's own allocation
     * spread over all operations, so the threshold is half the smallest heap object (16 bytes) allocated once per
     * timed invocation: anything the code itself allocates per call, or even once per batch, is above it.
     *
     * @param opsPerInvocation operations per timed invocation ({@code @OperationsPerInvocation})
     */
    static Target zeroBytes(String name, double bytesPerOp, int opsPerInvocation) {
        double epsilon = SMALLEST_OBJECT_BYTES / 2.0 / opsPerInvocation;
        boolean met = bytesPerOp < epsilon;
        String text = Report.bytes(bytesPerOp) + " B/op";
        return new Target(name, text, String.format(java.util.Locale.ROOT, "0 B/op (< %.3g)", epsilon), met,
                met ? "" : "by " + text);
    }

    /** Bytes of the smallest heap object with compressed class pointers. */
    static final int SMALLEST_OBJECT_BYTES = 16;

    /** The verdict cell of the targets table. */
    String verdict() {
        return met ? "**met**" : "**missed** " + shortfall;
    }
}
