package dev.framealloc.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static dev.framealloc.memory.MemoryArenaTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The address-order walk: {@code slotLimit}, {@code nextLive}, {@code slotAddress}, {@code slotHandle}. */
class SlabIterationTest {

    /** The canonical walk: every live slot in slot order. */
    static List<Integer> walk(SlabAllocator slab) {
        List<Integer> slots = new ArrayList<>();
        for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
            slots.add(s);
        }
        return slots;
    }

    /** Allocates {@code n} slots and returns them by slot. */
    private static TreeMap<Integer, Long> allocate(SlabAllocator slab, int n) {
        TreeMap<Integer, Long> live = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            long h = slab.allocate();
            live.put(SlabAllocator.slotOf(h), h);
        }
        return live;
    }

    @Test
    void walksEveryLiveSlotOnceInAddressOrderWithinEachSlab() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(24).slotsPerSlab(64).alignment(8).build()) {
            TreeMap<Integer, Long> live = allocate(slab, 300);
            for (int slot = 0; slot < 300; slot += 3) {
                slab.free(live.remove(slot));
            }
            List<Integer> walked = walk(slab);
            assertEquals(new ArrayList<>(live.keySet()), walked);
            assertEquals(200, walked.size());
            for (int i = 0; i < walked.size(); i++) {
                int s = walked.get(i);
                long handle = live.get(s);
                assertEquals(handle, slab.slotHandle(s));
                assertEquals(slab.address(handle), slab.slotAddress(s));
                if (i > 0 && walked.get(i - 1) / 64 == s / 64) {
                    assertEquals(slab.slotAddress(walked.get(i - 1)) + 24L * (s - walked.get(i - 1)),
                            slab.slotAddress(s), "same slab: addresses rise with the slot");
                }
            }
        }
    }

    @Test
    void anEmptyAllocatorHasNothingToWalk() {
        try (SlabAllocator slab = SlabAllocator.create(16, 8)) {
            assertEquals(0, slab.slotLimit());
            assertEquals(0, slab.nextLive(0));
            assertEquals(0, slab.nextLive(Integer.MAX_VALUE));
            assertEquals(List.of(), walk(slab));
        }
    }

    @Test
    void nextLiveAtOrPastTheLimitReturnsTheLimit() {
        try (SlabAllocator slab = SlabAllocator.create(16, 8)) {
            allocate(slab, 5);
            assertEquals(5, slab.slotLimit());
            assertEquals(5, slab.nextLive(5));
            assertEquals(5, slab.nextLive(6));
            assertEquals(5, slab.nextLive(Integer.MAX_VALUE));
            assertEquals(4, slab.nextLive(4));
        }
    }

    @Test
    void skipsLongFreeRunsAcrossWordAndSummaryBoundaries() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(1024).build()) {
            TreeMap<Integer, Long> live = allocate(slab, 20_000);
            int[] keep = {0, 63, 64, 4095, 4096, 4097, 8191, 12_345, 19_999};
            TreeMap<Integer, Long> kept = new TreeMap<>();
            for (int k : keep) {
                kept.put(k, live.remove(k));
            }
            for (long h : live.values()) {
                slab.free(h);
            }
            assertEquals(20_000, slab.slotLimit());
            assertEquals(new ArrayList<>(kept.keySet()), walk(slab));
            assertEquals(4095, slab.nextLive(65));
            assertEquals(12_345, slab.nextLive(8192));
            slab.free(kept.remove(19_999));
            assertEquals(20_000, slab.nextLive(12_346), "no live slot above: the limit");
        }
    }

    @Test
    void freeingTheVisitedSlotMidWalkSkipsNoSurvivor() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(128).build()) {
            TreeMap<Integer, Long> live = allocate(slab, 1_000);
            for (long h : live.values()) {
                slab.segment(h).set(ValueLayout.JAVA_INT, 0, (int) (h % 7)); // dies if 0, 2 or 5
            }
            List<Integer> visited = new ArrayList<>();
            List<Integer> survivors = new ArrayList<>();
            for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
                visited.add(s);
                int mark = slab.segment(slab.slotHandle(s)).get(ValueLayout.JAVA_INT, 0);
                if (mark == 0 || mark == 2 || mark == 5) {
                    slab.free(slab.slotHandle(s));
                } else {
                    survivors.add(s);
                }
            }
            assertEquals(new ArrayList<>(live.keySet()), visited, "every slot visited once, none skipped");
            assertEquals(survivors, walk(slab));
            assertEquals(survivors.size(), slab.liveCount());
            assertTrue(survivors.size() > 400 && survivors.size() < 800, "both outcomes occur: " + survivors.size());
        }
    }

    @Test
    void freeingSlotsAheadOfTheWalkRemovesThemFromIt() {
        try (SlabAllocator slab = SlabAllocator.create(16, 64)) {
            TreeMap<Integer, Long> live = allocate(slab, 200);
            List<Integer> visited = new ArrayList<>();
            for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
                visited.add(s);
                Long ahead = live.remove(s + 1);
                if (ahead != null) {
                    slab.free(ahead);
                }
            }
            List<Integer> evens = new ArrayList<>();
            for (int s = 0; s < 200; s += 2) {
                evens.add(s);
            }
            assertEquals(evens, visited);
            assertEquals(evens, walk(slab));
        }
    }

    @Test
    void splitRangesVisitEveryLiveSlotExactlyOnce() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(256).build()) {
            TreeMap<Integer, Long> live = allocate(slab, 5_000);
            SplittableRandom random = new SplittableRandom(8);
            for (int slot = 0; slot < 5_000; slot++) {
                if (random.nextInt(3) == 0) {
                    slab.free(live.remove(slot));
                }
            }
            List<Integer> whole = walk(slab);
            assertEquals(new ArrayList<>(live.keySet()), whole);
            int limit = slab.slotLimit();
            for (int k : new int[] {1, 2, 3, 7, 64, 1_000, limit}) {
                List<Integer> joined = new ArrayList<>();
                for (int r = 0; r < k; r++) {
                    int from = (int) ((long) limit * r / k);
                    int to = (int) ((long) limit * (r + 1) / k);
                    for (int s = slab.nextLive(from); s < to; s = slab.nextLive(s + 1)) {
                        joined.add(s);
                    }
                }
                assertEquals(whole, joined, "K=" + k);
            }
        }
    }

    @Test
    void resetEmptiesTheWalkAndKeepsTheLimit() {
        try (SlabAllocator slab = SlabAllocator.create(16, 32)) {
            allocate(slab, 100);
            slab.reset();
            assertEquals(100, slab.slotLimit());
            assertEquals(100, slab.nextLive(0));
            assertEquals(List.of(), walk(slab));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> slab.slotAddress(0));
            assertEquals("slot=0 of slab allocator 'slab' is free, not live (generation 2); cannot read its address",
                    e.getMessage());
            TreeMap<Integer, Long> again = allocate(slab, 10);
            assertEquals(new ArrayList<>(again.keySet()), walk(slab));
            assertEquals(100, slab.slotLimit(), "freed slots are reused before fresh ones");
        }
    }

    @Test
    void slotLimitIsThePeakLiveCount() {
        try (SlabAllocator slab = SlabAllocator.create(16, 8)) {
            TreeMap<Integer, Long> live = allocate(slab, 10);
            for (int slot = 0; slot < 10; slot += 2) {
                slab.free(live.remove(slot));
            }
            allocate(slab, 5);
            assertEquals(10, slab.slotLimit());
            allocate(slab, 1);
            assertEquals(11, slab.slotLimit());
            assertEquals(11, slab.stats().peakLiveCount());
        }
    }

    @Test
    void rejectsNegativeFromSlot() {
        try (SlabAllocator slab = SlabAllocator.create(16, 8)) {
            allocate(slab, 3);
            assertInstanceOf(IndexOutOfBoundsException.class, assertThrows(RuntimeException.class, () -> slab.nextLive(-1)));
            assertMessage("fromSlot=-1 is negative", () -> slab.nextLive(-1));
            assertMessage("fromSlot=-2147483648 is negative", () -> slab.nextLive(Integer.MIN_VALUE));
        }
    }

    @Test
    void rejectsSlotsOutsideTheLimit() {
        try (SlabAllocator slab = SlabAllocator.builder().name("w").slotSize(16).slotsPerSlab(8).build()) {
            allocate(slab, 3);
            for (int bad : new int[] {-1, 3, 8, Integer.MIN_VALUE}) {
                IndexOutOfBoundsException a = assertThrows(IndexOutOfBoundsException.class, () -> slab.slotAddress(bad));
                assertEquals("slot=" + bad + " not in [0, slotLimit=3) of slab allocator 'w'", a.getMessage());
                IndexOutOfBoundsException h = assertThrows(IndexOutOfBoundsException.class, () -> slab.slotHandle(bad));
                assertEquals("slot=" + bad + " not in [0, slotLimit=3) of slab allocator 'w'", h.getMessage());
            }
            assertEquals(3, slab.liveCount(), "rejected calls change nothing");
        }
    }

    @Test
    void rejectsSlotsThatAreNotLive() {
        try (SlabAllocator slab = SlabAllocator.builder().name("w").slotSize(16).slotsPerSlab(8).build()) {
            TreeMap<Integer, Long> live = allocate(slab, 3);
            slab.free(live.remove(1));
            assertMessage("slot=1 of slab allocator 'w' is free, not live (generation 2); cannot read its address",
                    () -> slab.slotAddress(1));
            assertMessage("slot=1 of slab allocator 'w' is free, not live (generation 2); cannot read its handle",
                    () -> slab.slotHandle(1));
            assertEquals(List.of(0, 2), walk(slab));
            assertEquals(live.get(2), slab.slotHandle(2), "other slots intact");
        }
    }

    @Test
    void closedAllocatorWalksNothingAndRejectsSlots() {
        SlabAllocator slab = SlabAllocator.builder().name("w").slotSize(16).slotsPerSlab(8).build();
        allocate(slab, 3);
        slab.close();
        assertEquals(0, slab.slotLimit());
        assertEquals(0, slab.nextLive(0));
        assertEquals(List.of(), walk(slab));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> slab.slotAddress(0));
        assertEquals("cannot read the address of slot 0: slab allocator 'w' is closed", e.getMessage());
        assertMessage("cannot read the handle of slot 2: slab allocator 'w' is closed", () -> slab.slotHandle(2));
    }

    @Test
    void checkedModeSlotHandleIsTheHandleAllocateReturned() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(32).slotsPerSlab(16).checked(true).build()) {
            assertTrue(slab.isChecked());
            TreeMap<Integer, Long> live = allocate(slab, 40);
            slab.free(live.remove(7));
            live.put(7, slab.allocate()); // reused slot: a new generation
            for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
                long handle = slab.slotHandle(s);
                assertEquals(live.get(s), handle, "slot " + s);
                assertEquals(slab.segment(handle).address(), slab.slotAddress(s));
                if (s % 2 == 1) {
                    slab.free(handle);
                    assertFalse(slab.isLive(live.get(s)));
                }
            }
            assertEquals(20, slab.liveCount());
        }
    }

    @Test
    void walkSurvivesGrowthDuringTheWalkOnTheOwnerThread() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(8).build()) {
            allocate(slab, 8);
            List<Integer> visited = new ArrayList<>();
            for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
                visited.add(s);
                if (s < 4) {
                    slab.allocate(); // no free slot: a fresh one above the current, in a new slab
                }
            }
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), visited);
            assertEquals(16, slab.capacity());
        }
    }
}
