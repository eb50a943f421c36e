package dev.framealloc.benchmarks;

import dev.framealloc.memory.internal.FrameArenaEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The JFR hook that {@code FrameArenas.beginFrame()} calls once per frame, with no recording running: the call
 * with its eight arguments against a baseline that does the same frame-counter update without it. Equal scores and 0 B/op
 * mean the hook costs nothing measurable when JFR is off.
 * <p>
 * The event class lives in engine-memory's {@code internal} package, which its module does not export; the
 * benchmarks run on the class path, where it is reachable.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchmarkFlags.NATIVE_ACCESS, BenchmarkFlags.ADD_EXPORTS,
        BenchmarkFlags.ADD_EXPORTS_VALUE, BenchmarkFlags.JOML_NO_UNSAFE, BenchmarkFlags.LWJGL_SYSTEM_ALLOCATOR,
        BenchmarkFlags.HEAP_MIN, BenchmarkFlags.HEAP_MAX, BenchmarkFlags.QUIET_JMH_UNSAFE})
public class JfrHookBenchmark {
    private final String allocator = "bench-frames";
    private long frameNumber;
    private long usedBytes = 4096;
    private long peakBytes = 8192;
    private long allocations = 64;
    private long growth;
    private long workerBytes = 2048;
    private long waitNanos;

    /** The hook as beginFrame calls it; disabled because no recording enables the event. */
    @Benchmark
    public long emitWithoutRecording() {
        long frame = ++frameNumber;
        FrameArenaEvent.emit(allocator, frame, usedBytes, peakBytes, allocations, growth, workerBytes, waitNanos);
        return frame;
    }

    /** The same frame counter update without the hook. */
    @Benchmark
    public long baseline() {
        return ++frameNumber;
    }
}
