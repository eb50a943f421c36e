package dev.framealloc.demo.app;

/**
 * What a {@code --headless} run measured; the soak test asserts on it and {@link #summaryLine()} prints it.
 * Frame times and heap bytes are over the frames after warm-up.
 *
 * @param frames                 frames run
 * @param particles              target particles
 * @param liveAtEnd              live particles after the last frame
 * @param warmupFrames           frames excluded from the percentiles and checked against {@link #warm()}
 * @param p50Ms                  median frame time after warm-up, ms
 * @param p99Ms                  99th-percentile frame time after warm-up, ms
 * @param medianHeapBytes        median loop-thread heap bytes per frame after warm-up
 * @param maxHeapBytes           largest loop-thread heap bytes of one frame after warm-up
 * @param heapBytesAfterWarmup   loop-thread heap bytes of all frames after warm-up together
 * @param seed                   the run's seed
 * @param warm                   figures at the end of the warm-up
 * @param end                    figures after the last frame
 * @param threads                walkers, the loop thread included
 * @param maxWalkerHeapBytes     largest heap bytes of one walker thread (other than the loop thread) in one frame
 *                               after warm-up
 * @param walkerHeapBytesAfterWarmup heap bytes of the walker threads of all frames after warm-up together
 * @param medianWalkerHeapBytes  median over the frames after warm-up of the walker threads' heap bytes together
 */
public record HeadlessResult(long frames, int particles, int liveAtEnd, long warmupFrames, double p50Ms, double p99Ms,
                             long medianHeapBytes, long maxHeapBytes, long heapBytesAfterWarmup, long seed,
                             Checkpoint warm, Checkpoint end, int threads, long maxWalkerHeapBytes,
                             long walkerHeapBytesAfterWarmup, long medianWalkerHeapBytes) {

    /**
     * The process's figures at one point of the run.
     *
     * @param frame               frame number
     * @param nativeReservedBytes native bytes reserved by the frame arenas and the particle slab
     * @param arenaGrowth         growth events of the frame arenas so far
     * @param slabCapacity        slots reserved by the slab
     * @param heapUsedBytes       used heap of the whole JVM ({@code MemoryMXBean})
     * @param gcCount             garbage collections so far
     */
    public record Checkpoint(long frame, long nativeReservedBytes, long arenaGrowth, int slabCapacity,
                             long heapUsedBytes, long gcCount) {}

    /** Garbage collections after warm-up. */
    public long gcsAfterWarmup() {
        return end.gcCount() - warm.gcCount();
    }

    /** The one-line summary {@code --headless} prints. */
    public String summaryLine() {
        return String.format(java.util.Locale.ROOT,
                "headless: frames=%d particles=%d live=%d ms/frame p50=%.3f p99=%.3f heap-bytes/frame median=%d"
                        + " gcs=%d (after %d warm-up frames) seed=%d threads=%d",
                frames, particles, liveAtEnd, p50Ms, p99Ms, medianHeapBytes, gcsAfterWarmup(), warmupFrames, seed,
                threads);
    }

    /** The soak figures: native, heap and GC at the end of warm-up and at the end. */
    public String soakLines() {
        return String.format(java.util.Locale.ROOT,
                "soak: after warm-up (frame %d): native-reserved=%d B arena-growth=%d slab-capacity=%d heap-used=%d B gcs=%d%n"
                        + "soak: at end       (frame %d): native-reserved=%d B arena-growth=%d slab-capacity=%d heap-used=%d B gcs=%d%n"
                        + "soak: loop-thread heap bytes after warm-up: total=%d max/frame=%d%n"
                        + "soak: walker-thread heap bytes after warm-up (%d walker threads besides the loop thread):"
                        + " total=%d max/frame=%d median/frame=%d",
                warm.frame(), warm.nativeReservedBytes(), warm.arenaGrowth(), warm.slabCapacity(), warm.heapUsedBytes(),
                warm.gcCount(), end.frame(), end.nativeReservedBytes(), end.arenaGrowth(), end.slabCapacity(),
                end.heapUsedBytes(), end.gcCount(), heapBytesAfterWarmup, maxHeapBytes, threads - 1,
                walkerHeapBytesAfterWarmup, maxWalkerHeapBytes, medianWalkerHeapBytes);
    }
}
