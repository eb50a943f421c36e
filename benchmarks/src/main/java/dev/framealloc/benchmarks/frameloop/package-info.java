/**
 * The frame-loop benchmark: the demo's frame step (simulation and vertex writes in one address-order pass) run for
 * thousands of frames with its vertex data from a frame arena, {@code ByteBuffer.allocateDirect} or
 * {@code nmemAlloc}/{@code nmemFree}, reporting frame-time percentiles, heap bytes and GCs per frame and the step's
 * vertex bandwidth. Entry point: {@link dev.framealloc.benchmarks.frameloop.FrameLoopBenchmark}.
 */
package dev.framealloc.benchmarks.frameloop;
