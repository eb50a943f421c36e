package dev.framealloc.memory;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot paths allocate no heap memory. Measured with the exact per-thread allocation counter, after a
 * warm-up long enough for the JIT to compile them.
 */
class ZeroGarbageTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long BUDGET_BYTES = 4 * 1024;

    @Test
    void hotPathsAllocateLessThan4KiBOverMillionsOfCalls() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(1 << 20).checked(false).build();
             FrameArenas frames = FrameArenas.builder().blockSize(1 << 16).checked(false).build();
             SlabAllocator slab = SlabAllocator.builder().slotSize(48).slotsPerSlab(1024).checked(false).build()) {
            long[] handles = new long[64];
            for (int round = 0; round < 5; round++) { // warm-up: same code, same shapes
                run(arena, frames, slab, handles, 200_000, 2_000);
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long sink = run(arena, frames, slab, handles, 1_000_000, 10_000);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            System.out.println("ZeroGarbageTest: 1,000,000 allocateAddress + 10,000 beginFrame + 1,000,000 slab"
                    + " allocate/free pairs allocated " + allocated + " heap bytes (with marks and scopes; sink " + sink + ")");
            assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " heap bytes, budget " + BUDGET_BYTES);
        }
    }

    private static long run(MemoryArena arena, FrameArenas frames, SlabAllocator slab, long[] handles,
                            int calls, int frameCount) {
        long sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += arena.allocateAddress(16 + (i & 63), 16);
            if ((i & 1023) == 1023) {
                arena.reset();
            } else if ((i & 255) == 0) {
                long mark = arena.mark();
                try (MemoryArena.Scope scope = arena.scope()) {
                    sink += scope.allocateAddress(64, 8);
                }
                arena.resetTo(mark);
            }
        }
        arena.reset();
        for (int f = 0; f < frameCount; f++) {
            MemoryArena frame = frames.beginFrame();
            sink += frame.allocateAddress(256, 16);
            sink += frames.usedBytes() + frames.history().size();
        }
        for (int i = 0; i < calls; i++) {
            int k = i & 63;
            if (handles[k] != 0) {
                sink += slab.address(handles[k]);
                slab.free(handles[k]);
            }
            handles[k] = slab.allocate();
        }
        for (int k = 0; k < handles.length; k++) {
            slab.free(handles[k]);
            handles[k] = 0;
        }
        return sink;
    }
}
