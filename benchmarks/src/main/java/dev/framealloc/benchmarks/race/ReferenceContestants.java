package dev.framealloc.benchmarks.race;

import dev.framealloc.benchmarks.MinimalBumpAllocator;
import dev.framealloc.benchmarks.ReferenceBumpAllocator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Stand-alone copies of bump-allocation fast paths, raced next to the real allocators to show what each part of
 * a fast path costs. They are yardsticks, not products: one fixed block, no growth, no checked mode. Their labels
 * start with {@code "reference: "}.
 */
final class ReferenceContestants {
    private ReferenceContestants() {}

    static List<Contestant> all(long size, long alignment) {
        return List.of(new Minimal(size, alignment), new Version010(size, alignment), new Downward(size, alignment),
                new FastPathCopy(size, alignment));
    }

    /** Owner check, argument check, align-up, bounds check, bump: no statistics. */
    static final class Minimal extends Contestant {
        private final MinimalBumpAllocator allocator;
        private final long size;
        private final long alignment;

        Minimal(long size, long alignment) {
            super("reference: minimal upward bump with the checks", Role.REFERENCE);
            this.allocator = new MinimalBumpAllocator(batchBytes(size, alignment));
            this.size = size;
            this.alignment = alignment;
        }

        @Override
        public long batch() {
            MinimalBumpAllocator a = allocator;
            long n = size;
            long align = alignment;
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += a.allocateAddress(n, align);
            }
            a.reset();
            return sum;
        }

        @Override
        public void close() {
            allocator.close();
        }
    }

    /** {@link ReferenceBumpAllocator}: {@code MemoryArena.allocateAddress}'s fast path without checked mode. */
    static final class FastPathCopy extends Contestant {
        private final ReferenceBumpAllocator allocator;
        private final long size;
        private final long alignment;

        FastPathCopy(long size, long alignment) {
            super("reference: the arena's fast path alone (last-byte OR, unsigned check, count)", Role.REFERENCE);
            this.allocator = new ReferenceBumpAllocator(batchBytes(size, alignment));
            this.size = size;
            this.alignment = alignment;
        }

        @Override
        public long batch() {
            ReferenceBumpAllocator a = allocator;
            long n = size;
            long align = alignment;
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += a.allocateAddress(n, align);
            }
            a.reset();
            return sum;
        }

        @Override
        public void close() {
            allocator.close();
        }
    }

    /**
     * {@code MemoryArena.allocateAddress}'s fast path as released in 0.1.0: the minimal bump plus an allocation
     * count and a padding statistic updated on every allocation.
     */
    static final class Version010 extends Contestant {
        private final Thread owner = Thread.currentThread();
        private final Arena memory = Arena.ofShared();
        private final long base;
        private final long limit;
        private final long size;
        private final long alignment;
        private long cursor;
        private long allocationCount;
        private long wastedBytes;

        Version010(long size, long alignment) {
            super("reference: upward bump with the checks, a count and padding tracking (0.1.0's fast path)",
                    Role.REFERENCE);
            long bytes = batchBytes(size, alignment);
            this.base = memory.allocate(bytes, alignment).address();
            this.limit = base + bytes;
            this.cursor = base;
            this.size = size;
            this.alignment = alignment;
        }

        private long allocateAddress(long byteSize, long byteAlignment) {
            long start = cursor;
            long aligned = (start + byteAlignment - 1) & -byteAlignment;
            if (Thread.currentThread() != owner | (byteSize | byteAlignment) < 0 | Long.bitCount(byteAlignment) != 1
                    | byteSize > limit - aligned) {
                throw new IllegalStateException("reference allocator: bad request or full, byteSize=" + byteSize
                        + " byteAlignment=" + byteAlignment);
            }
            cursor = aligned + byteSize;
            allocationCount++;
            if (aligned != start) {
                wastedBytes += aligned - start;
            }
            return aligned;
        }

        @Override
        public long batch() {
            long n = size;
            long align = alignment;
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += allocateAddress(n, align);
            }
            cursor = base;
            allocationCount = 0;
            wastedBytes = 0;
            return sum;
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    /**
     * A downward bump as {@code MemoryStack.nmalloc} does it ({@code (top - size) & -alignment}: the align-down
     * is the padding), with the owner check, the argument check and an overflow-safe bounds check.
     */
    static final class Downward extends Contestant {
        private final Thread owner = Thread.currentThread();
        private final Arena memory = Arena.ofShared();
        private final long base;
        private final long top;
        private final long size;
        private final long alignment;
        private long cursor;

        Downward(long size, long alignment) {
            super("reference: downward bump with the checks", Role.REFERENCE);
            long bytes = batchBytes(size, alignment);
            this.base = memory.allocate(bytes, alignment).address();
            this.top = base + bytes;
            this.cursor = top;
            this.size = size;
            this.alignment = alignment;
        }

        private long allocateAddress(long byteSize, long byteAlignment) {
            long aligned = (cursor - byteSize) & -byteAlignment;
            if (Thread.currentThread() != owner | (byteSize | byteAlignment) < 0 | Long.bitCount(byteAlignment) != 1
                    | byteSize > cursor - base | aligned < base) {
                throw new IllegalStateException("reference allocator: bad request or full, byteSize=" + byteSize
                        + " byteAlignment=" + byteAlignment);
            }
            cursor = aligned;
            return aligned;
        }

        @Override
        public long batch() {
            long n = size;
            long align = alignment;
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += allocateAddress(n, align);
            }
            cursor = top;
            return sum;
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    /**
     * Segments sliced from one block held by a long-lived object: the bump and {@code asSlice}, nothing else
     * (no argument, bounds or owner checks beyond {@code asSlice}'s own), and optionally the owner check and a
     * count as the arena does. The floor for any allocator whose state lives in fields rather than in registers.
     */
    static final class Slicer extends Contestant {
        private final Thread owner = Thread.currentThread();
        private final Arena memory = Arena.ofShared();
        private final MemorySegment block;
        private final long base;
        private final long size;
        private final long alignment;
        private final boolean ownerAndCount;
        private final MemorySegment[] kept = new MemorySegment[BATCH];
        private long offset;
        private long count;

        Slicer(long size, long alignment, boolean ownerAndCount) {
            super(ownerAndCount ? "reference: asSlice from a long-lived object, with the owner check and a count"
                    : "reference: asSlice from a long-lived object, no checks of its own", Role.REFERENCE);
            this.block = memory.allocate(batchBytes(size, alignment), 64);
            this.base = block.address();
            this.size = size;
            this.alignment = alignment;
            this.ownerAndCount = ownerAndCount;
        }

        private MemorySegment bare(long byteSize, long byteAlignment) {
            long start = ((base + offset + byteAlignment - 1) & -byteAlignment) - base;
            MemorySegment segment = block.asSlice(start, byteSize);
            offset = start + byteSize;
            return segment;
        }

        private MemorySegment checked(long byteSize, long byteAlignment) {
            if (Thread.currentThread() != owner) {
                throw new WrongThreadException("reference allocator: not the owner thread");
            }
            long start = ((base + offset + byteAlignment - 1) & -byteAlignment) - base;
            MemorySegment segment = block.asSlice(start, byteSize);
            offset = start + byteSize;
            count++;
            return segment;
        }

        @Override
        public long batch() {
            MemorySegment[] out = kept;
            long n = size;
            long align = alignment;
            if (ownerAndCount) {
                for (int i = 0; i < BATCH; i++) {
                    out[i] = checked(n, align);
                }
            } else {
                for (int i = 0; i < BATCH; i++) {
                    out[i] = bare(n, align);
                }
            }
            offset = 0;
            count = 0;
            return out[BATCH - 1].address();
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
