package dev.framealloc.memory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The address-order walk, with frees of the visited slots and the allocations that refill them, allocates no heap
 * memory: measured with the exact per-thread allocation counter once the JIT has compiled the walk.
 */
class SlabWalkZeroGarbageTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final int SLOTS = 20_000;
    /**
     * Windows before any counts as warmed up: the interpreter may allocate nothing either, and the JIT's switch to
     * compiled code (on-stack replacement, a deoptimisation when a branch first goes the other way) can allocate.
     * 200 windows are 4 million walk steps.
     */
    private static final int MIN_WARM_UP_WINDOWS = 200;
    /** Consecutive zero windows, after the minimum, that count as warmed up. */
    private static final int ZERO_WINDOWS = 10;
    private static final int MAX_WARM_UP_WINDOWS = 2_000;

    @Test
    @Tag("zero-garbage")
    void walkFreeAndRefillAllocateNoHeapMemory() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(48).slotsPerSlab(1024).checked(false).build()) {
            SplittableRandom random = new SplittableRandom(3);
            long[] handles = new long[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                handles[i] = slab.allocate();
            }
            for (int i = 0; i < SLOTS; i++) {
                MEMORY.set(ValueLayout.JAVA_INT, slab.address(handles[i]), random.nextInt(64));
            }
            int capacity = slab.capacity();
            int zeros = 0;
            int windows = 0;
            while ((zeros < ZERO_WINDOWS || windows < MIN_WARM_UP_WINDOWS) && windows < MAX_WARM_UP_WINDOWS) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                window(slab, windows);
                long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                zeros = allocated == 0 ? zeros + 1 : 0;
                windows++;
            }
            assertTrue(zeros >= ZERO_WINDOWS, "no " + ZERO_WINDOWS + " consecutive zero windows in " + windows);

            long before = THREADS.getCurrentThreadAllocatedBytes();
            long sink = window(slab, windows);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            System.out.println("SlabWalkZeroGarbageTest: warmed up in " + windows + " windows; a walk of " + SLOTS
                    + " slots with frees and refills allocated " + allocated + " heap bytes (sink " + sink + ")");
            assertEquals(0, allocated);
            assertEquals(SLOTS, slab.liveCount());
            assertEquals(capacity, slab.capacity(), "no growth: the window reuses freed slots");
        }
    }

    /**
     * One frame: walks every live slot in address order, bumps the counter at its start, frees the slots whose
     * counter hits a multiple of 64 (about 1 in 64) and refills them after the walk.
     */
    private static long window(SlabAllocator slab, int salt) {
        long sink = 0;
        int freed = 0;
        for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
            long p = slab.slotAddress(s);
            int counter = MEMORY.get(ValueLayout.JAVA_INT, p) + 1;
            MEMORY.set(ValueLayout.JAVA_INT, p, counter);
            sink += p;
            if ((counter & 63) == 0) {
                slab.free(slab.slotHandle(s));
                freed++;
            }
        }
        for (int i = 0; i < freed; i++) {
            long h = slab.allocate();
            MEMORY.set(ValueLayout.JAVA_INT, slab.address(h), (i + salt) & 63);
            sink += h;
        }
        return sink;
    }
}
