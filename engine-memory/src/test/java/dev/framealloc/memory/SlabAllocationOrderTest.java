package dev.framealloc.memory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code allocate()} hands out the lowest free slot, and a fresh slot only when no freed slot is left, so live
 * slots stay packed at the low end and {@code slotLimit()} stays at the peak live count.
 */
class SlabAllocationOrderTest {

    private static long[] allocate(SlabAllocator slab, int n) {
        long[] handles = new long[n];
        for (int i = 0; i < n; i++) {
            handles[i] = slab.allocate();
        }
        return handles;
    }

    private static List<Integer> slotsOf(SlabAllocator slab, int n) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slots.add(SlabAllocator.slotOf(slab.allocate()));
        }
        return slots;
    }

    @Test
    void reusesTheLowestFreeSlotFirstThenFreshOnes() {
        try (SlabAllocator slab = SlabAllocator.create(16, 64)) {
            long[] h = allocate(slab, 200);
            for (int slot : new int[] {150, 20, 199, 64, 63}) {
                slab.free(h[slot]);
            }
            assertEquals(List.of(20, 63, 64, 150, 199, 200, 201), slotsOf(slab, 7));
            assertEquals(202, slab.slotLimit());
        }
    }

    @Test
    void findsTheLowestFreeSlotAcrossLongFullRuns() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(8).slotsPerSlab(4096).build()) {
            long[] h = allocate(slab, 20_000);
            slab.free(h[19_000]);
            slab.free(h[4_096]);
            slab.free(h[4_095]);
            assertEquals(List.of(4_095, 4_096, 19_000, 20_000), slotsOf(slab, 4));
            slab.free(h[12]);
            assertEquals(List.of(12, 20_001), slotsOf(slab, 2), "a free below the last search point is found");
        }
    }

    @Test
    void slabsSmallerThanABitmapWordFillInOrder() {
        try (SlabAllocator slab = SlabAllocator.create(16, 4)) {
            long[] h = allocate(slab, 10);
            assertEquals(12, slab.capacity());
            slab.free(h[2]);
            assertEquals(List.of(2, 10, 11, 12), slotsOf(slab, 4));
            assertEquals(16, slab.capacity());
        }
    }

    @Test
    void exhaustionLeavesTheAllocatorUsable() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(4).maxSlabs(1).build()) {
            long[] h = allocate(slab, 4);
            assertThrows(ArenaExhaustedException.class, slab::allocate);
            assertThrows(ArenaExhaustedException.class, slab::allocate);
            assertEquals(4, slab.liveCount());
            slab.free(h[1]);
            assertEquals(List.of(1), slotsOf(slab, 1));
            assertEquals(List.of(0, 1, 2, 3), SlabIterationTest.walk(slab));
        }
    }

    @Test
    void afterResetSlotsAreHandedOutFromTheLowest() {
        try (SlabAllocator slab = SlabAllocator.create(16, 64)) {
            allocate(slab, 300);
            slab.reset();
            assertEquals(List.of(0, 1, 2), slotsOf(slab, 3));
            assertEquals(300, slab.slotLimit());
        }
    }

    @Test
    void closedAllocatorRefusesToAllocate() {
        SlabAllocator slab = SlabAllocator.builder().name("z").slotSize(16).slotsPerSlab(64).build();
        allocate(slab, 100);
        slab.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, slab::allocate);
        assertEquals("slab allocator 'z' is closed", e.getMessage());
    }
}
