package dev.framealloc.benchmarks.race;

import dev.framealloc.memory.MemoryArena;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * The contestants of the segment race. Each batch keeps its segments in an array, so that they escape as in real
 * use (and as through JMH's {@code Blackhole}): the segment objects must really be allocated.
 */
final class SegmentContestants {
    private SegmentContestants() {}

    /** {@code MemoryArena.allocate(byteSize, byteAlignment)} (unchecked), then {@code reset()}. */
    static final class ArenaAllocate extends Contestant {
        private final MemoryArena arena;
        private final long size;
        private final long alignment;
        private final MemorySegment[] kept = new MemorySegment[BATCH];

        ArenaAllocate(long size, long alignment) {
            super("framealloc MemoryArena.allocate", Role.SUBJECT);
            this.arena = MemoryArena.builder().name("race").blockSize(batchBytes(size, alignment)).checked(false).build();
            this.size = size;
            this.alignment = alignment;
        }

        @Override
        public long batch() {
            MemoryArena a = arena;
            MemorySegment[] out = kept;
            long n = size;
            long align = alignment;
            for (int i = 0; i < BATCH; i++) {
                out[i] = a.allocate(n, align);
            }
            a.reset();
            return out[BATCH - 1].address();
        }

        @Override
        public void close() {
            arena.close();
        }
    }

    /** The JDK's {@code SegmentAllocator.slicingAllocator} over a reserved segment, a fresh one per batch. */
    static final class SlicingAllocator extends Contestant {
        private final Arena memory = Arena.ofShared();
        private final MemorySegment slab;
        private final long size;
        private final long alignment;
        private final MemorySegment[] kept = new MemorySegment[BATCH];

        SlicingAllocator(long size, long alignment) {
            super("JDK SegmentAllocator.slicingAllocator", Role.BASELINE);
            this.slab = memory.allocate(batchBytes(size, alignment), alignment);
            this.size = size;
            this.alignment = alignment;
        }

        @Override
        public long batch() {
            SegmentAllocator slicing = SegmentAllocator.slicingAllocator(slab);
            MemorySegment[] out = kept;
            long n = size;
            long align = alignment;
            for (int i = 0; i < BATCH; i++) {
                out[i] = slicing.allocate(n, align);
            }
            return out[BATCH - 1].address();
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    /**
     * The JDK's slicing allocator as a long-lived allocator is used: a fresh one per batch, but kept in a field, so
     * that the JIT cannot scalar-replace it and keep its offset in a register (in {@link SlicingAllocator} it can).
     */
    static final class EscapingSlicingAllocator extends Contestant {
        private final Arena memory = Arena.ofShared();
        private final MemorySegment slab;
        private final long size;
        private final long alignment;
        private final MemorySegment[] kept = new MemorySegment[BATCH];
        private SegmentAllocator current;

        EscapingSlicingAllocator(long size, long alignment) {
            super("reference: JDK slicingAllocator kept in a field (escapes, as a long-lived allocator)",
                    Role.REFERENCE);
            this.slab = memory.allocate(batchBytes(size, alignment), alignment);
            this.size = size;
            this.alignment = alignment;
        }

        @Override
        public long batch() {
            current = SegmentAllocator.slicingAllocator(slab);
            MemorySegment[] out = kept;
            long n = size;
            long align = alignment;
            for (int i = 0; i < BATCH; i++) {
                out[i] = current.allocate(n, align);
            }
            return out[BATCH - 1].address();
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
