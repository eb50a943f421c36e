package dev.framealloc.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An informative contestant of {@link CheckedModeOverheadBenchmark}: the least a safe bump allocator does (owner
 * check, argument check, align-up, bounds check, bump), with no statistics at all. One fixed block; a request
 * that does not fit throws, which the benchmark never triggers.
 */
public final class MinimalBumpAllocator implements AutoCloseable {
    private final Thread owner = Thread.currentThread();
    private final Arena memory;
    private final long base;
    private final long limit;
    private long cursor;

    /** Reserves one block of {@code byteSize} bytes. */
    public MinimalBumpAllocator(long byteSize) {
        memory = Arena.ofShared();
        MemorySegment block = memory.allocate(byteSize, 16);
        base = block.address();
        limit = base + byteSize;
        cursor = base;
    }

    /** Bump-allocates; throws if the block is full. */
    public long allocateAddress(long byteSize, long byteAlignment) {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("owner is " + owner.getName());
        }
        if ((byteSize | byteAlignment) < 0 || Long.bitCount(byteAlignment) != 1) {
            throw new IllegalArgumentException("byteSize=" + byteSize + " byteAlignment=" + byteAlignment);
        }
        long aligned = (cursor + byteAlignment - 1) & -byteAlignment;
        if (byteSize > limit - aligned) {
            throw new IllegalStateException("exhausted: requested=" + byteSize + " used=" + (cursor - base));
        }
        cursor = aligned + byteSize;
        return aligned;
    }

    /** Makes the whole block reusable. */
    public void reset() {
        cursor = base;
    }

    @Override
    public void close() {
        memory.close();
    }
}
