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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Cost of {@link MemoryArena#reset()} after {@link #allocations} allocations: it must not depend on how many
 * allocations there were.
 * <p>
 * A reset takes nanoseconds, less than the timer's own overhead, so each timed invocation resets {@value #ARENAS}
 * arenas that the untimed per-invocation setup has filled with {@code allocations} 8-byte allocations each; the
 * score is per reset. Sample-time mode records every invocation, so the median is not moved by the rare
 * invocation that the shared machine's scheduler interrupts. Four things keep the parameters comparable:
 * <ul>
 * <li>every arena's single block holds 100,000 allocations, so no reset consolidates;</li>
 * <li>every setup makes the same number of allocations (the ones the parameter does not need go to a ballast
 *     arena), so every parameter gets the same number of invocations per iteration and JMH's own loop is compiled
 *     to the same degree;</li>
 * <li>the trial setup calls {@link #resetAll} often enough that it and {@code reset()} are compiled before the first
 *     measurement, whatever the number of invocations;</li>
 * <li>the setup ends with {@code resetTo(mark())} on every arena, which releases nothing (the mark is the current
 *     position) but touches the same bookkeeping as {@code reset()}, so every timed reset finds it in the cache,
 *     as in a frame loop, rather than wherever the setup's 3.2 million allocations and the machine's other work
 *     left it.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchmarkFlags.NATIVE_ACCESS, BenchmarkFlags.ADD_EXPORTS,
        BenchmarkFlags.ADD_EXPORTS_VALUE, BenchmarkFlags.JOML_NO_UNSAFE, BenchmarkFlags.LWJGL_SYSTEM_ALLOCATOR,
        BenchmarkFlags.HEAP_MIN, BenchmarkFlags.HEAP_MAX, BenchmarkFlags.QUIET_JMH_UNSAFE})
public class ResetCostBenchmark {
    /** Arenas reset per timed invocation. */
    public static final int ARENAS = 32;
    /** Bytes per allocation (also the alignment). */
    public static final int ALLOCATION_BYTES = 8;
    /** The largest parameter: every setup makes this many allocations per arena. */
    public static final int MAX_ALLOCATIONS = 100_000;
    /** Block size that holds the largest parameter without growth. */
    private static final long BLOCK_BYTES = (long) MAX_ALLOCATIONS * ALLOCATION_BYTES + 4096;
    /** Calls of {@link #resetAll} in the trial setup, enough for C2 to compile it. */
    private static final int COMPILE_WARMUP_CALLS = 20_000;

    /** Allocations made before each reset. */
    @Param({"10", "1000", "100000"})
    public int allocations;

    private final MemoryArena[] arenas = new MemoryArena[ARENAS];
    private MemoryArena ballast;

    @Setup(Level.Trial)
    public void createArenas() {
        for (int i = 0; i < ARENAS; i++) {
            arenas[i] = MemoryArena.builder().name("reset" + i).blockSize(BLOCK_BYTES).checked(false).build();
        }
        ballast = MemoryArena.builder().name("ballast").blockSize(BLOCK_BYTES).checked(false).build();
        for (int call = 0; call < COMPILE_WARMUP_CALLS; call++) {
            for (MemoryArena arena : arenas) {
                arena.allocateAddress(ALLOCATION_BYTES, ALLOCATION_BYTES);
            }
            resetAll(arenas);
        }
    }

    @Setup(Level.Invocation)
    public void fillArenas() {
        int n = allocations;
        int rest = MAX_ALLOCATIONS - n;
        MemoryArena b = ballast;
        for (MemoryArena arena : arenas) {
            for (int i = 0; i < n; i++) {
                arena.allocateAddress(ALLOCATION_BYTES, ALLOCATION_BYTES);
            }
            for (int i = 0; i < rest; i++) {
                b.allocateAddress(ALLOCATION_BYTES, ALLOCATION_BYTES);
            }
            b.reset();
        }
        for (MemoryArena arena : arenas) {
            arena.resetTo(arena.mark());
        }
    }

    @TearDown(Level.Trial)
    public void closeArenas() {
        for (MemoryArena arena : arenas) {
            arena.close();
        }
        ballast.close();
    }

    /** One {@code reset()} of each filled arena; the score is per reset. */
    @Benchmark
    @OperationsPerInvocation(ARENAS)
    public void reset() {
        resetAll(arenas);
    }

    static void resetAll(MemoryArena[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i].reset();
        }
    }
}
