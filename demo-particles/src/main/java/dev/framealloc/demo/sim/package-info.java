/**
 * The particle simulation: particles as {@link dev.framealloc.memory.SlabAllocator} entities, their emitters,
 * colour gradients, and the vertex layout written into the frame arena. No GL here.
 */
package dev.framealloc.demo.sim;
