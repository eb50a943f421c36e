package dev.framealloc.benchmarks;

import dev.framealloc.memory.MemoryArena;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Bump allocation of {@link #size} bytes at alignment 16, in batches of {@value #BATCH}, each batch ended the way
 * the contestant releases memory (reset, pop, free, close, or nothing for the garbage-collected ones). Scores are
 * per allocation, the release amortised over the batch; {@code -prof gc} gives heap bytes per allocation.
 * <p>
 * Every off-heap contestant has enough memory reserved up front for a whole batch, so no one grows mid-batch.
 * Contents: only {@code ByteBuffer.allocateDirect} and {@code Arena.ofConfined().allocate} zero their memory,
 * as their APIs require; the others hand out memory as it is.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchmarkFlags.NATIVE_ACCESS, BenchmarkFlags.ADD_EXPORTS,
        BenchmarkFlags.ADD_EXPORTS_VALUE, BenchmarkFlags.JOML_NO_UNSAFE, BenchmarkFlags.LWJGL_SYSTEM_ALLOCATOR,
        BenchmarkFlags.HEAP_MIN, BenchmarkFlags.HEAP_MAX, BenchmarkFlags.QUIET_JMH_UNSAFE})
public class BumpAllocationBenchmark {
    /** Allocations per batch, between two releases. */
    public static final int BATCH = 1024;
    /** Alignment of every allocation. */
    public static final int ALIGNMENT = 16;

    /** Bytes per allocation. */
    @Param({"16", "64", "256", "4096"})
    public int size;

    private MemoryArena arena;
    private MemoryStack stack;
    private Arena slabArena;
    private MemorySegment slab;
    private final long[] addresses = new long[BATCH];

    @Setup(Level.Trial)
    public void setUp() {
        long batchBytes = (long) BATCH * (size + ALIGNMENT) + ALIGNMENT;
        arena = MemoryArena.builder().name("bump").blockSize(batchBytes).checked(false).build();
        stack = MemoryStack.create(Math.toIntExact(batchBytes + 4096));
        slabArena = Arena.ofShared();
        slab = slabArena.allocate(batchBytes, ALIGNMENT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        slabArena.close();
    }

    /** framealloc's fast path: a raw address, then {@code reset()}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void arenaAllocateAddress(Blackhole bh) {
        MemoryArena a = arena;
        int n = size;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(a.allocateAddress(n, ALIGNMENT));
        }
        a.reset();
    }

    /** framealloc returning a {@code MemorySegment} (one slice object per allocation), then {@code reset()}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void arenaAllocateSegment(Blackhole bh) {
        MemoryArena a = arena;
        int n = size;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(a.allocate(n, ALIGNMENT));
        }
        a.reset();
    }

    /** LWJGL's stack allocator: push, {@code nmalloc(alignment, size)} per allocation, pop. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void memoryStackNmalloc(Blackhole bh) {
        MemoryStack s = stack.push();
        int n = size;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(s.nmalloc(ALIGNMENT, n));
        }
        s.pop();
    }

    /** LWJGL's {@code nmemAlloc} (C malloc, 16-byte aligned on 64-bit glibc), then {@code nmemFree} of each. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void memUtilAllocFree(Blackhole bh) {
        long[] addr = addresses;
        long n = size;
        for (int i = 0; i < BATCH; i++) {
            addr[i] = MemoryUtil.nmemAlloc(n);
        }
        for (int i = 0; i < BATCH; i++) {
            MemoryUtil.nmemFree(addr[i]);
        }
        bh.consume(addr[BATCH - 1]);
    }

    /** {@code ByteBuffer.allocateDirect}: zeroed, with a Cleaner; freed when the GC finds it unreachable. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void byteBufferAllocateDirect(Blackhole bh) {
        int n = size;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(ByteBuffer.allocateDirect(n));
        }
    }

    /** The JDK's confined arena: {@code allocate} per allocation (malloc and zeroing), {@code close} per batch. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jdkConfinedArena(Blackhole bh) {
        int n = size;
        try (Arena a = Arena.ofConfined()) {
            for (int i = 0; i < BATCH; i++) {
                bh.consume(a.allocate(n, ALIGNMENT));
            }
        }
    }

    /** {@code SegmentAllocator.slicingAllocator} over a pre-reserved segment, a new one per batch as its reset. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jdkSlicingAllocator(Blackhole bh) {
        SegmentAllocator slicing = SegmentAllocator.slicingAllocator(slab);
        int n = size;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(slicing.allocate(n, ALIGNMENT));
        }
    }

    /** Heap {@code new byte[size]}, left to the garbage collector. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void heapByteArray(Blackhole bh) {
        int n = size;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(new byte[n]);
        }
    }
}
