package dev.framealloc.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The yardstick for {@link CheckedModeOverheadBenchmark}: {@code MemoryArena.allocateAddress}'s algorithm and
 * checks (owner thread, argument validation, align up with {@code & -alignment}, overflow-safe bounds check)
 * with neither the checked-mode branch nor the statistics. One fixed block; no growth (a request that does not
 * fit throws), which the benchmark never triggers.
 */
final class ReferenceBumpAllocator implements AutoCloseable {
    private final Thread owner = Thread.currentThread();
    private final Arena memory;
    private final long base;
    private final long limit;
    private long cursor;

    ReferenceBumpAllocator(long byteSize) {
        memory = Arena.ofShared();
        MemorySegment block = memory.allocate(byteSize, 16);
        base = block.address();
        limit = base + byteSize;
        cursor = base;
    }

    long allocateAddress(long byteSize, long byteAlignment) {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("owner is " + owner.getName());
        }
        if (byteSize < 0 || byteAlignment <= 0 || (byteAlignment & (byteAlignment - 1)) != 0) {
            throw new IllegalArgumentException("byteSize=" + byteSize + " byteAlignment=" + byteAlignment);
        }
        long aligned = (cursor + byteAlignment - 1) & -byteAlignment;
        if (byteSize > limit - aligned) {
            throw new IllegalStateException("exhausted: requested=" + byteSize + " used=" + (cursor - base));
        }
        cursor = aligned + byteSize;
        return aligned;
    }

    void reset() {
        cursor = base;
    }

    @Override
    public void close() {
        memory.close();
    }
}
