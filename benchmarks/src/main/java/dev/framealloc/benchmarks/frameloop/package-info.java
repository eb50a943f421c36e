/**
 * The frame-loop benchmark: the demo's particle simulation run for hundreds of frames with its vertex data from
 * a frame arena, {@code ByteBuffer.allocateDirect}, {@code nmemAlloc}/{@code nmemFree} or a heap {@code float[]},
 * reporting frame-time percentiles, heap bytes and GCs per frame and the vertex-fill bandwidth.
 * Entry point: {@link dev.framealloc.benchmarks.frameloop.FrameLoopBenchmark}.
 */
package dev.framealloc.benchmarks.frameloop;
