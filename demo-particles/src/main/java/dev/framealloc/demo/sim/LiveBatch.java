package dev.framealloc.demo.sim;

/**
 * How many live particles a walk touches before working on them. The slab's live order scatters particles over
 * memory, so each one costs a cache (and TLB) miss; touching a batch first lets the CPU overlap those misses.
 * 32 measured about 3x faster than one at a time at 1M particles.
 */
final class LiveBatch {
    /** Particles per batch. */
    static final int SIZE = 32;

    private LiveBatch() {}
}
