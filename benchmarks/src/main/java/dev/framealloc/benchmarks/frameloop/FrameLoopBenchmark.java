package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.benchmarks.BenchmarkFlags;
import dev.framealloc.benchmarks.report.JsonText;
import dev.framealloc.demo.loop.FrameStep;
import dev.framealloc.demo.sim.ParticleSimulation;
import dev.framealloc.demo.sim.VertexMemory;
import dev.framealloc.memory.SlabAllocator;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.framealloc.benchmarks.report.JmhResult.median;

/**
 * The frame-loop benchmark: the demo's own frame step ({@link FrameStep}: the particle simulation walks the slab in
 * address order and writes each particle's vertex in the same pass) with its per-frame vertex memory taken from each
 * {@link VertexSource} in turn, each in a fresh JVM forked with {@link BenchmarkFlags}, like JMH's forks.
 * <pre>
 * java -cp benchmarks.jar dev.framealloc.benchmarks.frameloop.FrameLoopBenchmark \
 *     [--particles 1000000] [--warmup 1500] [--frames 600] [--out frame-loop.json] [--variant ID]
 * </pre>
 * Without {@code --variant}, runs every variant in its own child JVM and writes the combined results; with it,
 * runs that one variant in this JVM. A frame is the source's {@code beginFrame}, the step (which asks the source
 * once for exactly the frame's vertex bytes) and the source's {@code endFrame}; the frame time covers all of it, the
 * vertex-data time only getting and releasing the memory, the step time the simulation and vertex writes.
 * Not measured: first {@value #SETTLE_STEPS} frames that step {@code MAX_STEP} (0.1 s) each, so that the live count
 * settles after the longest particle lifetime in little time, then {@code warmup} frames of 1/60 s (the slab's
 * churn: by default {@value #DEFAULT_WARMUP} frames, so the measured frames walk a slab ten lifetimes old; JIT
 * compilation; frame arenas consolidated). After the measured frames, {@code MemorySegment.copy} and
 * {@code MemorySegment.fill} over a buffer of one frame's vertex size give this JVM's bandwidth for the same bytes.
 */
public final class FrameLoopBenchmark {
    private static final float DT = 1f / 60f;
    /** Frames of {@code MAX_STEP} seconds run first: together longer than the longest particle lifetime. */
    static final int SETTLE_STEPS = (int) Math.ceil((ParticleSimulation.LIFETIME_MAX + 0.5f) / ParticleSimulation.MAX_STEP);
    private static final long SEED = 42L;
    /** Unmeasured frames of 1/60 s after settling: slab churn (1/150 of the particles per frame) and JIT warm-up. */
    static final int DEFAULT_WARMUP = 1_500;
    static final int DEFAULT_FRAMES = 600;
    private static final float WORLD_WIDTH = 1280f;
    private static final float WORLD_HEIGHT = 720f;
    private static final int BANDWIDTH_WARMUP = 5;
    private static final int BANDWIDTH_REPEATS = 21;

    private FrameLoopBenchmark() {}

    public static void main(String[] args) throws Exception {
        int particles = 1_000_000;
        int warmup = DEFAULT_WARMUP;
        int frames = DEFAULT_FRAMES;
        Path out = Path.of("frame-loop.json");
        String variant = null;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                usage(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--particles" -> particles = positive(args[i], v);
                case "--warmup" -> warmup = positive(args[i], v);
                case "--frames" -> frames = positive(args[i], v);
                case "--out" -> out = Path.of(v);
                case "--variant" -> variant = v;
                default -> usage("unknown option " + args[i]);
            }
        }
        if (variant != null && !List.of(VertexSource.IDS).contains(variant)) {
            usage("--variant " + variant + " is not one of " + String.join(", ", VertexSource.IDS));
        }
        if (variant != null) {
            Map<String, Object> result = runVariant(variant, particles, warmup, frames);
            Files.writeString(out, JsonText.write(result));
            return;
        }
        List<Object> variants = new ArrayList<>();
        double meanLive = 0;
        for (String id : VertexSource.IDS) {
            Path part = Files.createTempFile("frame-loop-" + id, ".json");
            try {
                fork(id, particles, warmup, frames, part);
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) JsonText.plain(JsonText.parse(Files.readString(part)));
                meanLive = (Double) result.get("meanLiveParticles");
                variants.add(result);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("particles", (double) particles);
        root.put("meanLiveParticles", meanLive);
        root.put("settleSteps", (double) SETTLE_STEPS);
        root.put("warmupFrames", (double) warmup);
        root.put("frames", (double) frames);
        root.put("vertexBytesPerFrame", ((Map<?, ?>) variants.get(0)).get("vertexBytesPerFrame"));
        root.put("jvmArgs", List.of((Object[]) BenchmarkFlags.all()));
        root.put("variants", variants);
        Files.writeString(out, JsonText.write(root));
        System.out.println("frame loop: wrote " + out);
    }

    /** Runs {@code id} in a child JVM with the benchmark flags and this JVM's class path. */
    private static void fork(String id, int particles, int warmup, int frames, Path out)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(BenchmarkFlags.all()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FrameLoopBenchmark.class.getName(),
                "--variant", id, "--particles", String.valueOf(particles), "--warmup", String.valueOf(warmup),
                "--frames", String.valueOf(frames), "--out", out.toString()));
        Process process = new ProcessBuilder(command).inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("frame-loop variant " + id + " failed: exit code " + exit);
        }
    }

    /** Runs one variant in this JVM and returns its results. */
    static Map<String, Object> runVariant(String id, int particles, int warmup, int frames) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        try (SlabAllocator slab = ParticleSimulation.createSlab(particles, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, SEED, particles, WORLD_WIDTH, WORLD_HEIGHT);
            long[] frameNs = new long[frames];
            long[] stepNs = new long[frames];
            long[] vertexNs = new long[frames];
            long[] vertexBytes = new long[frames];
            long liveSum = 0;
            long heapBefore = 0;
            long gcCountBefore = 0;
            long gcTimeBefore = 0;
            String label;
            try (VertexSource source = VertexSource.create(id)) {
                TimedMemory memory = new TimedMemory(source);
                FrameStep step = new FrameStep(sim, memory);
                label = source.label();
                System.out.printf("frame loop [%s]: %,d particles, %d settle + %d warm-up + %d measured frames%n", id,
                        particles, SETTLE_STEPS, warmup, frames);
                for (int f = -warmup - SETTLE_STEPS; f < frames; f++) {
                    if (f == 0) {
                        heapBefore = threads.getCurrentThreadAllocatedBytes();
                        gcCountBefore = gcCount(collectors);
                        gcTimeBefore = gcTime(collectors);
                    }
                    long t0 = System.nanoTime();
                    source.beginFrame();
                    long t1 = System.nanoTime();
                    step.run(f < -warmup ? ParticleSimulation.MAX_STEP : DT);
                    long t2 = System.nanoTime();
                    source.endFrame();
                    long t3 = System.nanoTime();
                    if (f >= 0) {
                        frameNs[f] = t3 - t0;
                        vertexNs[f] = (t1 - t0) + memory.nanos + (t3 - t2);
                        stepNs[f] = (t2 - t1) - memory.nanos;
                        vertexBytes[f] = step.vertexBytes();
                        liveSum += sim.liveCount();
                    }
                }
            }
            long heapBytes = threads.getCurrentThreadAllocatedBytes() - heapBefore;
            long gcs = gcCount(collectors) - gcCountBefore;
            long gcMs = gcTime(collectors) - gcTimeBefore;
            long lastVertexBytes = vertexBytes[frames - 1];
            double[] bandwidth = new double[frames];
            for (int f = 0; f < frames; f++) {
                bandwidth[f] = vertexBytes[f] * 1e9 / stepNs[f];
            }
            double[] reference = referenceBandwidth(lastVertexBytes);

            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            r.put("label", label);
            r.put("p50Ms", percentile(frameNs, 50) / 1e6);
            r.put("p99Ms", percentile(frameNs, 99) / 1e6);
            r.put("meanMs", Arrays.stream(frameNs).average().orElse(Double.NaN) / 1e6);
            r.put("maxMs", Arrays.stream(frameNs).max().orElse(0) / 1e6);
            r.put("heapBytesPerFrame", (double) heapBytes / frames);
            r.put("gcCount", (double) gcs);
            r.put("gcTimeMs", (double) gcMs);
            r.put("vertexP50Ms", percentile(vertexNs, 50) / 1e6);
            r.put("vertexP99Ms", percentile(vertexNs, 99) / 1e6);
            r.put("fillMsP50", percentile(stepNs, 50) / 1e6);
            r.put("fillBandwidth", median(bandwidth));
            r.put("copyBandwidth", reference[0]);
            r.put("segmentFillBandwidth", reference[1]);
            r.put("vertexBytesPerFrame", (double) lastVertexBytes);
            r.put("meanLiveParticles", (double) liveSum / frames);
            System.out.printf("frame loop [%s]: p50 %.2f ms, p99 %.2f ms, %.0f heap B/frame, %d GCs, step %.2f GB/s of"
                            + " vertices (copy %.2f GB/s, fill %.2f GB/s)%n", id, (Double) r.get("p50Ms"),
                    (Double) r.get("p99Ms"), (Double) r.get("heapBytesPerFrame"), gcs, median(bandwidth) / 1e9,
                    reference[0] / 1e9, reference[1] / 1e9);
            return r;
        }
    }

    /** The source as the step's vertex memory, timing the one call per frame that gets the memory. */
    private static final class TimedMemory implements VertexMemory {
        private final VertexSource source;
        long nanos;

        TimedMemory(VertexSource source) {
            this.source = source;
        }

        @Override
        public long allocate(long byteSize) {
            long start = System.nanoTime();
            long address = source.allocate(byteSize);
            nanos = System.nanoTime() - start;
            return address;
        }
    }

    /**
     * {@code MemorySegment.copy} and {@code MemorySegment.fill} bandwidth over {@code bytes}-byte native buffers in
     * this JVM: medians of {@value #BANDWIDTH_REPEATS} runs after {@value #BANDWIDTH_WARMUP}, bytes per second.
     */
    static double[] referenceBandwidth(long bytes) {
        long size = Math.max(bytes, 4096);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(size, 64);
            MemorySegment dst = arena.allocate(size, 64);
            src.fill((byte) 0x5A);
            double[] copy = new double[BANDWIDTH_REPEATS];
            double[] fill = new double[BANDWIDTH_REPEATS];
            for (int i = -BANDWIDTH_WARMUP; i < BANDWIDTH_REPEATS; i++) {
                long t0 = System.nanoTime();
                MemorySegment.copy(src, 0, dst, 0, size);
                long t1 = System.nanoTime();
                dst.fill((byte) i);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    copy[i] = size * 1e9 / (t1 - t0);
                    fill[i] = size * 1e9 / (t2 - t1);
                }
            }
            return new double[] {median(copy), median(fill)};
        }
    }

    /** Nearest-rank percentile. */
    static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[rank];
    }

    private static long gcCount(List<GarbageCollectorMXBean> collectors) {
        long sum = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            sum += Math.max(0, gc.getCollectionCount());
        }
        return sum;
    }

    private static long gcTime(List<GarbageCollectorMXBean> collectors) {
        long sum = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.replace("_", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(option + "=" + value + " must be a positive integer");
        return 0;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: FrameLoopBenchmark [--particles N] [--warmup FRAMES] [--frames FRAMES] [--out FILE]"
                + " [--variant " + String.join("|", VertexSource.IDS) + "]");
        System.exit(2);
    }
}
