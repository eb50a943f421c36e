/**
 * The frame step that the headless loop, the windowed loop and the frame-loop benchmark share: one simulation step
 * that writes the frame's particle vertices into frame memory.
 */
package dev.framealloc.demo.loop;
