/**
 * Experiments on {@code ScratchArena} that are programs rather than JMH benchmarks: memory and leak counts under
 * virtual threads ({@link dev.framealloc.benchmarks.scratch.VirtualThreadScratch}).
 */
package dev.framealloc.benchmarks.scratch;
