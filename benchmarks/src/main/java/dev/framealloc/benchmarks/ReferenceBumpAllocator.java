package dev.framealloc.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The yardstick of issue 5 for {@link CheckedModeOverheadBenchmark}: {@code MemoryArena.allocateAddress}'s fast
 * path as it is, minus checked-mode support. It keeps the owner-thread check, the argument check, the align-up (an
 * OR on the address of the last byte in use), the overflow-safe (unsigned) bounds check and the allocation
 * counter, in one branch; what it leaves out is the slow path that checked mode (and growth) takes. One fixed
 * block: a request that does not fit throws, which the benchmark never triggers.
 */
public final class ReferenceBumpAllocator implements AutoCloseable {
    private final Thread owner = Thread.currentThread();
    private final Arena memory;
    private final long base;
    private final long lastByteOfBlock;
    private long lastByte;
    private long allocationCount;

    /** Reserves one block of {@code byteSize} bytes. */
    public ReferenceBumpAllocator(long byteSize) {
        memory = Arena.ofShared();
        MemorySegment block = memory.allocate(byteSize, 16);
        base = block.address();
        lastByteOfBlock = base + byteSize - 1;
        lastByte = base - 1;
    }

    /** Bump-allocates; throws if the request is invalid or the block is full. */
    public long allocateAddress(long byteSize, long byteAlignment) {
        long beforeStart = lastByte | (byteAlignment - 1);
        long last = beforeStart + byteSize;
        if (Thread.currentThread() != owner | (byteSize | byteAlignment) < 0 | Long.bitCount(byteAlignment) != 1
                | Long.compareUnsigned(last, lastByteOfBlock) > 0) {
            throw new IllegalStateException("bad request or full: byteSize=" + byteSize + " byteAlignment="
                    + byteAlignment + " used=" + (lastByte + 1 - base));
        }
        lastByte = last;
        allocationCount++;
        return beforeStart + 1;
    }

    /** Makes the whole block reusable. */
    public void reset() {
        lastByte = base - 1;
        allocationCount = 0;
    }

    @Override
    public void close() {
        memory.close();
    }
}
