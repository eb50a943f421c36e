package dev.framealloc.benchmarks.workers;

import dev.framealloc.benchmarks.BenchmarkFlags;
import dev.framealloc.memory.FrameArenas;
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

import java.util.concurrent.TimeUnit;

/**
 * {@code allocateAddress} on a worker arena against the frame's main arena: frames of {@value WorkerAllocation#BATCH}
 * allocations of 64 B at alignment 16, each frame begun with {@code beginFrame()} on identical frame arenas
 * (2 frames, 1 worker), so the only difference is the arena allocated from and, for the worker, the
 * {@code worker(0)} claim once per frame. Scores are per allocation, {@code beginFrame()} amortised over the frame.
 * Goal: worker / main {@code <= 1.05}. For a gap within fork-to-fork spread, run the interleaved
 * {@link WorkerAllocationRace} too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchmarkFlags.NATIVE_ACCESS, BenchmarkFlags.ADD_EXPORTS,
        BenchmarkFlags.ADD_EXPORTS_VALUE, BenchmarkFlags.JOML_NO_UNSAFE, BenchmarkFlags.LWJGL_SYSTEM_ALLOCATOR,
        BenchmarkFlags.HEAP_MIN, BenchmarkFlags.HEAP_MAX, BenchmarkFlags.QUIET_JMH_UNSAFE})
public class WorkerAllocationBenchmark {
    private FrameArenas mainFrames;
    private FrameArenas workerFrames;
    private FrameArenas lookupFrames;

    @Setup(Level.Trial)
    public void setUp() {
        mainFrames = WorkerAllocation.MAIN.newFrames();
        workerFrames = WorkerAllocation.WORKER.newFrames();
        lookupFrames = WorkerAllocation.WORKER_LOOKUP_EACH.newFrames();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mainFrames.close();
        workerFrames.close();
        lookupFrames.close();
    }

    /** The main arena: {@code beginFrame()}, then the allocations from its result. */
    @Benchmark
    @OperationsPerInvocation(WorkerAllocation.BATCH)
    public long mainArena() {
        return WorkerAllocation.MAIN.frame(mainFrames);
    }

    /** Worker 0's arena: {@code beginFrame()}, {@code worker(0)} once, then the allocations. */
    @Benchmark
    @OperationsPerInvocation(WorkerAllocation.BATCH)
    public long workerArena() {
        return WorkerAllocation.WORKER.frame(workerFrames);
    }

    /** Informative: {@code worker(0)} before every allocation. */
    @Benchmark
    @OperationsPerInvocation(WorkerAllocation.BATCH)
    public long workerLookupPerAllocation() {
        return WorkerAllocation.WORKER_LOOKUP_EACH.frame(lookupFrames);
    }
}
