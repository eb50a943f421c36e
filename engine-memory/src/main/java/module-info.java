/**
 * Off-heap frame allocation for Java game engines: bump arenas, per-frame arenas, a slab allocator with
 * generational handles and thread-local scratch arenas. Depends on nothing beyond the JDK.
 */
module dev.framealloc.memory {
    requires jdk.jfr;

    exports dev.framealloc.memory;
}
