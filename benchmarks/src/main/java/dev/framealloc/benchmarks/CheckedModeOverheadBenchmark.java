package dev.framealloc.benchmarks;

import dev.framealloc.memory.MemoryArena;
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

import java.util.concurrent.TimeUnit;

/**
 * What checked mode costs when it is off, and when it is on: {@code MemoryArena.allocateAddress} built with
 * {@code checked(false)} against {@link ReferenceBumpAllocator} (the same fast path without checked-mode support),
 * against {@link MinimalBumpAllocator} (no statistics either, for information), and against {@code checked(true)}
 * (guard bytes, ledger, poisoning on reset). Batches of {@value #BATCH} allocations of {@value #ALLOCATION_BYTES}
 * bytes, then a reset; the score is per allocation. Issue 5 wants the unchecked/reference ratio within 5%.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchmarkFlags.NATIVE_ACCESS, BenchmarkFlags.ADD_EXPORTS,
        BenchmarkFlags.ADD_EXPORTS_VALUE, BenchmarkFlags.JOML_NO_UNSAFE, BenchmarkFlags.LWJGL_SYSTEM_ALLOCATOR,
        BenchmarkFlags.HEAP_MIN, BenchmarkFlags.HEAP_MAX, BenchmarkFlags.QUIET_JMH_UNSAFE})
public class CheckedModeOverheadBenchmark {
    /** Allocations per batch. */
    public static final int BATCH = 1024;
    /** Bytes per allocation. */
    public static final int ALLOCATION_BYTES = 64;
    /** Alignment of every allocation. */
    public static final int ALIGNMENT = 16;
    /** Room for a batch including checked mode's guard bytes. */
    private static final long BLOCK_BYTES = 4L * BATCH * (ALLOCATION_BYTES + ALIGNMENT);

    private ReferenceBumpAllocator reference;
    private MinimalBumpAllocator minimal;
    private MemoryArena unchecked;
    private MemoryArena checked;

    @Setup(Level.Trial)
    public void setUp() {
        reference = new ReferenceBumpAllocator(BLOCK_BYTES);
        minimal = new MinimalBumpAllocator(BLOCK_BYTES);
        unchecked = MemoryArena.builder().name("unchecked").blockSize(BLOCK_BYTES).checked(false).build();
        checked = MemoryArena.builder().name("checked").blockSize(BLOCK_BYTES).checked(true)
                .trackAllocationSites(false).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reference.close();
        minimal.close();
        unchecked.close();
        checked.close();
    }

    /** The minimal bump allocator: no statistics. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void minimalBump(Blackhole bh) {
        MinimalBumpAllocator a = minimal;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(a.allocateAddress(ALLOCATION_BYTES, ALIGNMENT));
        }
        a.reset();
    }

    /** The reference: the arena's fast path without checked-mode support. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void referenceBump(Blackhole bh) {
        ReferenceBumpAllocator a = reference;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(a.allocateAddress(ALLOCATION_BYTES, ALIGNMENT));
        }
        a.reset();
    }

    /** {@code MemoryArena} with {@code checked(false)}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void arenaUnchecked(Blackhole bh) {
        MemoryArena a = unchecked;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(a.allocateAddress(ALLOCATION_BYTES, ALIGNMENT));
        }
        a.reset();
    }

    /** {@code MemoryArena} with {@code checked(true)}, allocation sites not tracked. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void arenaChecked(Blackhole bh) {
        MemoryArena a = checked;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(a.allocateAddress(ALLOCATION_BYTES, ALIGNMENT));
        }
        a.reset();
    }
}
