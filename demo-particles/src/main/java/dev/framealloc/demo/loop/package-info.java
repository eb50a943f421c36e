/**
 * The frame step that the headless loop, the windowed loop and the frame-loop benchmark share: one simulation step
 * that writes the frame's particle vertices into frame memory, split over walker threads ({@code FrameStep}) that a
 * fork-join of parked platform threads runs without allocating ({@code WorkerPool}).
 */
package dev.framealloc.demo.loop;
