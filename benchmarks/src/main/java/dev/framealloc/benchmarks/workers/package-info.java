/**
 * Worker arenas of {@code FrameArenas} against the frame's main arena: the JMH benchmark
 * ({@link dev.framealloc.benchmarks.workers.WorkerAllocationBenchmark}) and the same contestants raced in one JVM
 * ({@link dev.framealloc.benchmarks.workers.WorkerAllocationRace}).
 */
package dev.framealloc.benchmarks.workers;
