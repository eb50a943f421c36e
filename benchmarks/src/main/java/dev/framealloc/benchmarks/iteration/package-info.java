/**
 * Walking a slab's live slots after allocation churn: {@link dev.framealloc.benchmarks.iteration.ChurnedSlab}
 * builds the slab and the same particles in reference layouts, {@link dev.framealloc.benchmarks.iteration.SlabWalks}
 * holds the walks that {@link dev.framealloc.benchmarks.SlabIterationBenchmark} (JMH, one contestant per fork) and
 * {@link dev.framealloc.benchmarks.iteration.SlabIterationRace} (all contestants interleaved in one JVM) time.
 */
package dev.framealloc.benchmarks.iteration;
