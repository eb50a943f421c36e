package dev.framealloc.benchmarks.race;

import dev.framealloc.memory.MemoryArena;
import org.lwjgl.system.MemoryStack;

/** The contestants of the raw-address race: each batch sums the addresses it got. */
final class AddressContestants {
    private AddressContestants() {}

    /** {@code MemoryArena.allocateAddress} (unchecked), then {@code reset()}. */
    static final class ArenaAllocateAddress extends Contestant {
        private final MemoryArena arena;
        private final long size;
        private final long alignment;

        ArenaAllocateAddress(long size, long alignment) {
            super("framealloc MemoryArena.allocateAddress", Role.SUBJECT);
            this.arena = MemoryArena.builder().name("race").blockSize(batchBytes(size, alignment)).checked(false).build();
            this.size = size;
            this.alignment = alignment;
        }

        @Override
        public long batch() {
            MemoryArena a = arena;
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
            arena.close();
        }
    }

    /** LWJGL's {@code MemoryStack}: push, {@code nmalloc(alignment, size)} per allocation, pop. */
    static final class MemoryStackNmalloc extends Contestant {
        private final MemoryStack stack;
        private final int size;
        private final int alignment;

        MemoryStackNmalloc(long size, long alignment) {
            super("LWJGL MemoryStack.nmalloc", Role.BASELINE);
            this.stack = MemoryStack.create(Math.toIntExact(batchBytes(size, alignment) + 4096));
            this.size = Math.toIntExact(size);
            this.alignment = Math.toIntExact(alignment);
        }

        @Override
        public long batch() {
            MemoryStack s = stack.push();
            int n = size;
            int align = alignment;
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += s.nmalloc(align, n);
            }
            s.pop();
            return sum;
        }

        /** Nothing to do: {@code MemoryStack.create(int)} takes a direct buffer, which the GC frees. */
        @Override
        public void close() {}
    }
}
