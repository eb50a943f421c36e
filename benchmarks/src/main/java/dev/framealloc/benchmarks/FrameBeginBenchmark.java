package dev.framealloc.benchmarks;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * One frame's allocator work: {@link FrameArenas#beginFrame()} plus {@link #allocations} 64-byte allocations,
 * against a plain {@link MemoryArena#reset()} plus the same allocations. The difference is what
 * {@code beginFrame} adds on top of a reset: advancing the frame, the stats history and the JFR event hook,
 * which no recording enables here. The score is per frame; {@code -prof gc} gives heap bytes per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchmarkFlags.NATIVE_ACCESS, BenchmarkFlags.ADD_EXPORTS,
        BenchmarkFlags.ADD_EXPORTS_VALUE, BenchmarkFlags.JOML_NO_UNSAFE, BenchmarkFlags.LWJGL_SYSTEM_ALLOCATOR,
        BenchmarkFlags.HEAP_MIN, BenchmarkFlags.HEAP_MAX, BenchmarkFlags.QUIET_JMH_UNSAFE})
public class FrameBeginBenchmark {
    /** Bytes per allocation. */
    public static final int ALLOCATION_BYTES = 64;
    /** Alignment of every allocation. */
    public static final int ALIGNMENT = 16;
    private static final long BLOCK_BYTES = 1 << 20;

    /** Allocations per frame (K). */
    @Param({"16", "1024"})
    public int allocations;

    private FrameArenas frames;
    private MemoryArena arena;

    @Setup(Level.Trial)
    public void setUp() {
        frames = FrameArenas.builder().name("bench-frames").frameCount(2).blockSize(BLOCK_BYTES).checked(false).build();
        arena = MemoryArena.builder().name("bench-arena").blockSize(BLOCK_BYTES).checked(false).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frames.close();
        arena.close();
    }

    /** {@code beginFrame()} (resets the arena of two frames ago, records the ended frame) plus K allocations. */
    @Benchmark
    public void beginFrame(Blackhole bh) {
        MemoryArena frame = frames.beginFrame();
        int k = allocations;
        for (int i = 0; i < k; i++) {
            bh.consume(frame.allocateAddress(ALLOCATION_BYTES, ALIGNMENT));
        }
    }

    /** The same frame on one arena: {@code reset()} plus K allocations. */
    @Benchmark
    public void arenaReset(Blackhole bh) {
        MemoryArena a = arena;
        a.reset();
        int k = allocations;
        for (int i = 0; i < k; i++) {
            bh.consume(a.allocateAddress(ALLOCATION_BYTES, ALIGNMENT));
        }
    }
}
