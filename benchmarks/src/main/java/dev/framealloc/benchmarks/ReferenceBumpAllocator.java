package dev.framealloc.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The yardstick of issue 5 for {@link CheckedModeOverheadBenchmark}: {@code MemoryArena.allocateAddress}'s fast
 * path as it is, minus checked-mode support. It keeps the owner-thread check, the argument check, the align-up, the
 * overflow-safe bounds check, the allocation counter and the padding statistic; what it leaves out is the
 * slow path that checked mode (and growth) takes. One fixed block: a request that does not fit throws, which the
 * benchmark never triggers.
 */
final class ReferenceBumpAllocator implements AutoCloseable {
    private final Thread owner = Thread.currentThread();
    private final Arena memory;
    private final long base;
    private final long limit;
    private long cursor;
    private long allocationCount;
    private long wastedBytes;

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
        if ((byteSize | byteAlignment) < 0 || Long.bitCount(byteAlignment) != 1) {
            throw new IllegalArgumentException("byteSize=" + byteSize + " byteAlignment=" + byteAlignment);
        }
        long start = cursor;
        long aligned = (start + byteAlignment - 1) & -byteAlignment;
        if (byteSize > limit - aligned) {
            throw new IllegalStateException("exhausted: requested=" + byteSize + " used=" + (cursor - base));
        }
        cursor = aligned + byteSize;
        allocationCount++;
        if (aligned != start) {
            wastedBytes += aligned - start;
        }
        return aligned;
    }

    void reset() {
        cursor = base;
        allocationCount = 0;
        wastedBytes = 0;
    }

    @Override
    public void close() {
        memory.close();
    }
}
