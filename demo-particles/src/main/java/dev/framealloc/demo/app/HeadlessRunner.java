package dev.framealloc.demo.app;

import dev.framealloc.demo.cli.DemoOptions;
import dev.framealloc.demo.loop.FrameStep;
import dev.framealloc.demo.sim.ParticleSimulation;
import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.demo.stats.FrameStatsLog;
import dev.framealloc.demo.stats.GcMeter;
import dev.framealloc.demo.stats.HeapMeter;
import dev.framealloc.demo.stats.Percentiles;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.SlabAllocator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;

/**
 * {@code --headless}: the windowed loop without a window or GL. Each frame begins a frame arena and runs the
 * {@link FrameStep} (step the simulation, writing the vertices into the frame arena), exactly as the windowed path
 * does before its upload, then records a stats row. At the end it prints one summary line (and writes
 * {@code --stats-out}). Used for benchmarks and soak runs.
 * <p>
 * The frame loop allocates no heap memory once warm; {@link #simulate} returns the figures that prove it, and
 * {@code -Dframealloc.soakReport=true} prints them ({@code scripts/soak.sh} does).
 */
public final class HeadlessRunner {
    /** Screen-sized world, as the windowed demo's default window. */
    static final float WORLD_WIDTH = 1280f, WORLD_HEIGHT = 720f;
    /** Room in each frame arena beyond the vertices of the most particles that can live at once. */
    private static final long ARENA_SLACK_BYTES = 64 << 10;
    /** The largest warm-up, in frames. */
    private static final long MAX_WARMUP_FRAMES = 5_000;
    private static final int WARMUP_DIVISOR = 10;
    /** System property that adds the soak figures (native, heap, GC after warm-up and at the end) to the output. */
    public static final String SOAK_REPORT_PROPERTY = "framealloc.soakReport";
    private static final double NANOS_PER_MILLI = 1e6;
    private static final double NANOS_PER_SECOND = 1e9;

    private HeadlessRunner() {}

    /**
     * Runs {@link DemoOptions#headlessFrames()} frames, prints the summary line to {@code out}, writes the
     * {@code --stats-out} CSV and the {@code --jfr} recording.
     *
     * @return the exit code, 0
     * @throws UncheckedIOException if the CSV or the recording cannot be written
     */
    public static int run(DemoOptions options, PrintStream out) {
        long frames = options.headlessFrames();
        HeadlessResult result = simulate(options, defaultWarmup(frames));
        out.println(result.summaryLine());
        if (Boolean.getBoolean(SOAK_REPORT_PROPERTY)) {
            out.println(result.soakLines());
        }
        return 0;
    }

    /** Warm-up of a run of {@code frames}: a tenth of it, at most {@value #MAX_WARMUP_FRAMES}. */
    public static long defaultWarmup(long frames) {
        return Math.min(MAX_WARMUP_FRAMES, frames / WARMUP_DIVISOR);
    }

    /**
     * Runs the headless loop and returns its figures; writes {@code --stats-out} and {@code --jfr} when set.
     *
     * @param options      the run; {@code headlessFrames()} frames are run
     * @param warmupFrames frames whose figures are excluded, in [0, frames)
     * @throws IllegalArgumentException if {@code warmupFrames} is out of range
     * @throws UncheckedIOException     if the CSV or the recording cannot be written
     */
    public static HeadlessResult simulate(DemoOptions options, long warmupFrames) {
        long frames = options.headlessFrames();
        if (warmupFrames < 0 || warmupFrames >= frames) {
            throw new IllegalArgumentException("warmupFrames=" + warmupFrames + " not in [0, frames=" + frames + ")");
        }
        FrameStatsLog stats = FrameStatsLog.forFrames(frames);
        HeapMeter heap = new HeapMeter();
        GcMeter gc = new GcMeter();
        HeadlessResult.Checkpoint warm;
        HeadlessResult.Checkpoint end;
        int live;
        try (JfrRecording jfr = JfrRecording.start(options.jfr());
             SlabAllocator slab = ParticleSimulation.createSlab(options.particles(), options.checked())) {
            ParticleSimulation sim = new ParticleSimulation(slab, options.seed(), options.particles(), WORLD_WIDTH,
                    WORLD_HEIGHT);
            try (FrameArenas arenas = FrameArenas.builder().name("frame").frameCount(options.framesInFlight())
                    .blockSize(ParticleVertices.bytesFor(sim.maxLiveCount()) + ARENA_SLACK_BYTES)
                    .checked(options.checked()).build()) {
                FrameLoop loop = new FrameLoop(sim, arenas, stats, heap, gc, options.fixedDt());
                loop.runFrames(warmupFrames);
                warm = checkpoint(arenas, slab, gc);
                loop.resetHeapMark();
                loop.runFrames(frames - warmupFrames);
                end = checkpoint(arenas, slab, gc);
                live = sim.liveCount();
            }
        }
        if (options.statsOut() != null) {
            try {
                stats.writeCsv(options.statsOut());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write --stats-out " + options.statsOut() + ": " + e.getMessage(), e);
            }
        }
        int from = (int) (warmupFrames - (stats.recorded() - stats.size()));
        from = Math.max(0, from);
        long maxHeap = 0;
        long totalHeap = 0;
        for (int i = from; i < stats.size(); i++) {
            maxHeap = Math.max(maxHeap, stats.heapBytes(i));
            totalHeap += stats.heapBytes(i);
        }
        return new HeadlessResult(frames, options.particles(), live, warmupFrames,
                Percentiles.frameMs(stats, from, 50), Percentiles.frameMs(stats, from, 99),
                Percentiles.heapBytes(stats, from, 50), maxHeap, totalHeap, options.seed(), warm, end);
    }

    private static HeadlessResult.Checkpoint checkpoint(FrameArenas arenas, SlabAllocator slab, GcMeter gc) {
        return new HeadlessResult.Checkpoint(arenas.frameNumber(), arenas.capacityBytes() + slab.stats().reservedBytes(),
                arenas.growthCount(), slab.capacity(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                gc.collections());
    }

    /** The per-frame work, kept apart so its fields are final and the loop body stays small. */
    private static final class FrameLoop {
        private final FrameStep step;
        private final SlabAllocator slab;
        private final FrameArenas arenas;
        private final FrameStatsLog stats;
        private final HeapMeter heap;
        private final GcMeter gc;
        private final boolean fixedDt;
        private float dt = DemoOptions.FIXED_DT;
        private long heapMark;

        FrameLoop(ParticleSimulation sim, FrameArenas arenas, FrameStatsLog stats, HeapMeter heap, GcMeter gc,
                  boolean fixedDt) {
            this.step = new FrameStep(sim, arenas);
            this.slab = sim.slab();
            this.arenas = arenas;
            this.stats = stats;
            this.heap = heap;
            this.gc = gc;
            this.fixedDt = fixedDt;
            this.heapMark = heap.allocatedBytes();
        }

        /** Starts counting heap bytes afresh, so a checkpoint's own allocations are not charged to a frame. */
        void resetHeapMark() {
            heapMark = heap.allocatedBytes();
        }

        void runFrames(long count) {
            for (long f = 0; f < count; f++) {
                long start = System.nanoTime();
                arenas.beginFrame();
                step.run(dt);
                long elapsed = System.nanoTime() - start;
                long heapNow = heap.allocatedBytes();
                stats.record(arenas, slab, elapsed / NANOS_PER_MILLI, heapNow - heapMark, gc.collections());
                heapMark = heapNow;
                if (!fixedDt) {
                    // A headless frame lasts at least one 60 Hz refresh, as a vsync'd window's does; otherwise a
                    // light frame of a few microseconds would step the world by microseconds and spawn almost nothing.
                    dt = (float) Math.max(DemoOptions.FIXED_DT, elapsed / NANOS_PER_SECOND);
                }
            }
        }
    }
}
