/**
 * JMH microbenchmarks, one class per question: bump allocation against LWJGL's {@code MemoryStack} and
 * {@code MemoryUtil}, {@code ByteBuffer.allocateDirect}, the JDK's {@code Arena}, a slicing allocator and the heap
 * ({@link dev.framealloc.benchmarks.BumpAllocationBenchmark}); the cost of {@code reset()}
 * ({@link dev.framealloc.benchmarks.ResetCostBenchmark}); a frame's start
 * ({@link dev.framealloc.benchmarks.FrameBeginBenchmark}, {@link dev.framealloc.benchmarks.JfrHookBenchmark});
 * slab allocation ({@link dev.framealloc.benchmarks.SlabAllocationBenchmark}); walking a slab's live slots after
 * churn ({@link dev.framealloc.benchmarks.SlabIterationBenchmark}, raced interleaved in one JVM by
 * {@link dev.framealloc.benchmarks.iteration.SlabIterationRace}); and the cost of the checked-mode branch
 * ({@link dev.framealloc.benchmarks.CheckedModeOverheadBenchmark}).
 * <p>
 * Every benchmark forks with {@link dev.framealloc.benchmarks.BenchmarkFlags}. Run them from the shaded jar:
 * {@code java -jar benchmarks/target/benchmarks.jar -prof gc -rf json -rff results.json}, or all of them with
 * {@code scripts/benchmarks.sh}.
 * <p>
 * Where two allocators are closer than the fork-to-fork spread of JMH, the interleaved race of
 * {@link dev.framealloc.benchmarks.race} compares them round by round in one JVM.
 */
package dev.framealloc.benchmarks;
