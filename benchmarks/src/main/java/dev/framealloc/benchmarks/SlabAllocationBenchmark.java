package dev.framealloc.benchmarks;

import dev.framealloc.memory.SlabAllocator;
import org.lwjgl.system.MemoryUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Allocate+free pairs of {@value #SLOT_BYTES}-byte objects: {@link SlabAllocator} against LWJGL's
 * {@code nmemAlloc}/{@code nmemFree} of the same size and against an {@code ArrayDeque}-backed object pool (the
 * libGDX {@code Pool} pattern: {@code obtain} polls or creates, {@code free} resets and pushes back). Each
 * invocation allocates {@value #BATCH} objects, then frees them in allocation order; the score is per pair.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchmarkFlags.NATIVE_ACCESS, BenchmarkFlags.ADD_EXPORTS,
        BenchmarkFlags.ADD_EXPORTS_VALUE, BenchmarkFlags.JOML_NO_UNSAFE, BenchmarkFlags.LWJGL_SYSTEM_ALLOCATOR,
        BenchmarkFlags.HEAP_MIN, BenchmarkFlags.HEAP_MAX, BenchmarkFlags.QUIET_JMH_UNSAFE})
public class SlabAllocationBenchmark {
    /** Bytes per object: a particle's position, velocity, colour and life. */
    public static final int SLOT_BYTES = 64;
    /** Objects alive at once before they are freed. */
    public static final int BATCH = 1024;

    /** A heap particle of about the same size as a slot, as a pooled game object would be. */
    static final class PooledParticle {
        float x, y, z, vx, vy, vz, r, g, b, a, life, size;

        void reset() {
            x = y = z = vx = vy = vz = r = g = b = a = life = size = 0f;
        }
    }

    /** The libGDX {@code Pool} pattern: free objects kept in an {@code ArrayDeque}. */
    static final class ArrayDequePool {
        private final ArrayDeque<PooledParticle> free;

        ArrayDequePool(int capacity) {
            free = new ArrayDeque<>(capacity);
            for (int i = 0; i < capacity; i++) {
                free.push(new PooledParticle());
            }
        }

        PooledParticle obtain() {
            PooledParticle p = free.poll();
            return p != null ? p : new PooledParticle();
        }

        void release(PooledParticle p) {
            p.reset();
            free.push(p);
        }
    }

    private SlabAllocator slab;
    private ArrayDequePool pool;
    private final long[] handles = new long[BATCH];
    private final PooledParticle[] objects = new PooledParticle[BATCH];

    @Setup(Level.Trial)
    public void setUp() {
        slab = SlabAllocator.builder().name("bench-slab").slotSize(SLOT_BYTES).slotsPerSlab(BATCH).checked(false).build();
        pool = new ArrayDequePool(BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        slab.close();
    }

    /** {@code SlabAllocator.allocate()} then {@code free(handle)}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void slabAllocateFree(Blackhole bh) {
        SlabAllocator s = slab;
        long[] h = handles;
        for (int i = 0; i < BATCH; i++) {
            h[i] = s.allocate();
        }
        bh.consume(h[BATCH - 1]);
        for (int i = 0; i < BATCH; i++) {
            s.free(h[i]);
        }
    }

    /** LWJGL's {@code nmemAlloc(64)} then {@code nmemFree}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void memUtilAllocFree(Blackhole bh) {
        long[] h = handles;
        for (int i = 0; i < BATCH; i++) {
            h[i] = MemoryUtil.nmemAlloc(SLOT_BYTES);
        }
        bh.consume(h[BATCH - 1]);
        for (int i = 0; i < BATCH; i++) {
            MemoryUtil.nmemFree(h[i]);
        }
    }

    /** An {@code ArrayDeque} object pool: {@code obtain()} then {@code release(object)}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void arrayDequePool(Blackhole bh) {
        ArrayDequePool p = pool;
        PooledParticle[] o = objects;
        for (int i = 0; i < BATCH; i++) {
            o[i] = p.obtain();
        }
        bh.consume(o[BATCH - 1]);
        for (int i = 0; i < BATCH; i++) {
            p.release(o[i]);
        }
    }
}
