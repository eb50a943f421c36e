package dev.framealloc.memory.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One contiguous block of native memory. An owned block has its own shared {@link Arena}, so it can be freed
 * on its own (when an arena consolidates) and read by any thread; a borrowed block wraps caller memory and is
 * never freed here.
 */
public final class NativeBlock {
    /** Alignment of every owned block's base address: a cache line. */
    public static final long BLOCK_ALIGNMENT = 64;

    private final Arena arena;
    private final MemorySegment segment;
    private final long base;
    private final long size;

    private NativeBlock(Arena arena, MemorySegment segment) {
        this.arena = arena;
        this.segment = segment;
        this.base = segment.address();
        this.size = segment.byteSize();
    }

    /**
     * Reserves {@code byteSize} bytes aligned to {@code max(BLOCK_ALIGNMENT, byteAlignment)}.
     *
     * @return the block, or {@code null} if the operating system refused the memory
     */
    public static NativeBlock allocate(long byteSize, long byteAlignment) {
        Arena arena = Arena.ofShared();
        try {
            return new NativeBlock(arena, arena.allocate(byteSize, Math.max(BLOCK_ALIGNMENT, byteAlignment)));
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            arena.close();
            return null;
        }
    }

    /** Wraps caller-provided native memory; {@link #free()} leaves it alone. */
    public static NativeBlock borrow(MemorySegment memory) {
        return new NativeBlock(null, memory);
    }

    public MemorySegment segment() {
        return segment;
    }

    public long base() {
        return base;
    }

    public long size() {
        return size;
    }

    public long end() {
        return base + size;
    }

    /** Frees an owned block; segments sliced from it become inaccessible. Idempotent for borrowed blocks. */
    public void free() {
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
        }
    }
}
