package dev.framealloc.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.Set;

import static dev.framealloc.memory.MemoryArenaTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlabAllocatorTest {

    @Test
    void allocatesAlignedDistinctSlotsAndReusesFreedOnes() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(40).slotsPerSlab(4).alignment(16).build()) {
            assertEquals(48, slab.slotSize());
            long a = slab.allocate();
            long b = slab.allocate();
            assertNotEquals(0, a);
            assertEquals(0, slab.address(a) % 16);
            assertEquals(slab.address(a) + 48, slab.address(b));
            long freedAddress = slab.address(a);
            slab.free(a);
            long c = slab.allocate();
            assertEquals(freedAddress, slab.address(c), "the freed slot is the lowest free one: reused first");
            assertNotEquals(a, c, "but with a new generation");
            assertEquals(2, slab.liveCount());
        }
    }

    @Test
    void addsSlabsOnDemandUpToMaxSlabsThenThrowsWithValues() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(4).maxSlabs(2).name("ents").build()) {
            long first = slab.allocate();
            slab.segment(first).set(ValueLayout.JAVA_LONG, 8, 99L);
            for (int i = 1; i < 8; i++) {
                slab.allocate();
            }
            assertEquals(8, slab.capacity());
            ArenaExhaustedException e = assertThrows(ArenaExhaustedException.class, slab::allocate);
            assertEquals("slab allocator 'ents' exhausted: requested=1 slot slotSize=16 live=8 capacity=8 slabs=2 maxSlabs=2",
                    e.getMessage());
            assertEquals("ents", e.allocatorName());
            assertEquals(16, e.requestedBytes(), "one slot");
            assertEquals(8 * 16, e.usedBytes(), "live slots x slot size");
            assertEquals(8 * 16, e.capacityBytes(), "reserved");
            assertEquals(2 * 4 * 16, e.maxBytes(), "maxSlabs x slotsPerSlab x slotSize");
            assertEquals(8, slab.liveCount());
            assertEquals(99L, slab.segment(first).get(ValueLayout.JAVA_LONG, 8), "earlier slots intact");
            slab.free(first);
            slab.allocate(); // usable again after a free
        }
    }

    @Test
    void detectsDoubleFree() {
        try (SlabAllocator slab = SlabAllocator.builder().name("s").build()) {
            long h = slab.allocate();
            slab.free(h);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> slab.free(h));
            assertTrue(e.getMessage().startsWith("double free in slab allocator 's': handle=0x"), e.getMessage());
            assertTrue(e.getMessage().endsWith("slot=0 generation=1, but the slot is now at generation 2 (freed); cannot free"),
                    e.getMessage());
            assertEquals(0, slab.liveCount(), "a rejected free changes nothing");
        }
    }

    @Test
    void detectsStaleHandlesAfterReuse() {
        try (SlabAllocator slab = SlabAllocator.builder().name("s").build()) {
            long old = slab.allocate();
            slab.free(old);
            long reused = slab.allocate();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> slab.address(old));
            assertTrue(e.getMessage().startsWith("stale handle in slab allocator 's'"), e.getMessage());
            assertTrue(e.getMessage().contains("(freed and reused)"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> slab.free(old));
            assertThrows(IllegalStateException.class, () -> slab.segment(old));
            assertFalse(slab.isLive(old));
            assertTrue(slab.isLive(reused));
            slab.free(reused); // the live one is unharmed
        }
    }

    @Test
    void rejectsHandlesFromAnotherSlab() {
        try (SlabAllocator a = SlabAllocator.builder().name("a").build();
             SlabAllocator b = SlabAllocator.builder().name("b").build()) {
            long ha = a.allocate();
            b.allocate();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.free(ha));
            assertTrue(e.getMessage().contains("belongs to another allocator"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.address(ha));
            assertMessage("handle=0 is the null handle, not a slot (free on 'b')", () -> b.free(0));
            assertFalse(b.isLive(ha));
            assertEquals(1, b.liveCount());
        }
    }

    @Test
    void iteratesLiveSlotsWhileFreeing() {
        try (SlabAllocator slab = SlabAllocator.create(16, 8)) {
            Set<Long> expected = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                long h = slab.allocate();
                slab.segment(h).set(ValueLayout.JAVA_INT, 8, i);
                if (i % 2 == 0) {
                    expected.add(h);
                }
            }
            for (int i = 0; i < slab.liveCount(); ) {
                long h = slab.liveHandle(i);
                assertEquals(slab.address(h), slab.liveAddress(i));
                if (slab.segment(h).get(ValueLayout.JAVA_INT, 8) % 2 == 1) {
                    slab.free(h);
                } else {
                    i++;
                }
            }
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < slab.liveCount(); i++) {
                seen.add(slab.liveHandle(i));
            }
            assertEquals(expected, seen);
        }
    }

    @Test
    void resetFreesEverySlotAndStalesEveryHandle() {
        try (SlabAllocator slab = SlabAllocator.create(16, 4)) {
            long[] handles = new long[10];
            for (int i = 0; i < 10; i++) {
                handles[i] = slab.allocate();
            }
            slab.reset();
            assertEquals(0, slab.liveCount());
            for (long h : handles) {
                assertFalse(slab.isLive(h));
                assertThrows(IllegalStateException.class, () -> slab.free(h));
            }
            int capacity = slab.capacity();
            for (int i = 0; i < 10; i++) {
                slab.allocate();
            }
            assertEquals(capacity, slab.capacity(), "memory is reused, no new slab");
            SlabStats stats = slab.stats();
            assertEquals(20, stats.allocationCount());
            assertEquals(10, stats.freeCount());
            assertEquals(10, stats.peakLiveCount());
        }
    }

    @Test
    void handlesStayStaleAcrossResetWhenTheirSlotsAreHandedOutAgain() {
        for (boolean checked : new boolean[] {false, true}) {
            try (SlabAllocator slab = SlabAllocator.builder().name("r").slotSize(16).slotsPerSlab(4).checked(checked)
                    .build()) {
                long freedBefore = slab.allocate();  // slot 0: freed before the reset
                long liveAtReset = slab.allocate();  // slot 1: live when reset() runs
                long slot0 = slab.address(freedBefore);
                long slot1 = slab.address(liveAtReset);
                slab.free(freedBefore);
                slab.reset();
                long again0 = slab.allocate();
                long again1 = slab.allocate();
                assertEquals(slot0, slab.address(again0), "slot 0 is handed out again");
                assertEquals(slot1, slab.address(again1), "slot 1 is handed out again");
                for (long old : new long[] {freedBefore, liveAtReset}) {
                    assertNotEquals(again0, old);
                    assertNotEquals(again1, old);
                    assertFalse(slab.isLive(old), "an old handle is not live again");
                    for (String message : new String[] {
                            assertThrows(IllegalStateException.class, () -> slab.address(old)).getMessage(),
                            assertThrows(IllegalStateException.class, () -> slab.free(old)).getMessage()}) {
                        assertTrue(message.startsWith("stale handle in slab allocator 'r': handle=0x"
                                + Long.toHexString(old) + " slot=" + (old == freedBefore ? 0 : 1)
                                + " generation=1, but the slot is now at generation 3 (freed and reused); cannot "),
                                message);
                    }
                }
                assertTrue(slab.isLive(again0) && slab.isLive(again1), "the stale frees changed nothing");
                assertEquals(2, slab.liveCount());
            }
        }
    }

    @Test
    void aFullAllocatorReportsItselfAndRefusesTheSlotPastItsEnd() {
        try (SlabAllocator slab = SlabAllocator.builder().name("full").slotSize(16).slotsPerSlab(64).maxSlabs(1)
                .build()) {
            assertEquals("full", slab.name());
            assertFalse(slab.isChecked());
            assertEquals(0.0, slab.stats().occupancy(), "nothing reserved yet");
            long first = slab.allocate();
            assertEquals(1.0 / 64, slab.stats().occupancy());
            for (int i = 1; i < 64; i++) {
                slab.allocate();
            }
            assertEquals(1.0, slab.stats().occupancy());
            assertEquals("SlabAllocator[name=full, slotSize=16, live=64, capacity=64]", slab.toString());
            // Slot 64 is one past the last slot: never live, and asking for it is an index error, not a crash.
            assertFalse(slab.isLive(first + 64));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> slab.slotHandle(64));
            assertEquals("slot=64 not in [0, slotLimit=64) of slab allocator 'full'", e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> slab.liveHandle(64));
            assertEquals("index=64 not in [0, liveCount=64)", e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> slab.liveAddress(64));
            assertEquals("index=64 not in [0, liveCount=64)", e.getMessage());
            assertEquals(slab.address(slab.liveHandle(63)), slab.liveAddress(63));
        }
        try (SlabAllocator checked = SlabAllocator.builder().name("c").checked(true).build()) {
            assertTrue(checked.isChecked());
            checked.close();
            assertEquals("SlabAllocator[name=c, slotSize=64, live=0, capacity=0, checked, closed]", checked.toString());
        }
    }

    @Test
    void checkedResetPoisonsLiveSlotsAndEndsTheirSegmentsAndAClosedAllocatorRefusesReset() {
        SlabAllocator slab = SlabAllocator.builder().name("cr").slotSize(16).slotsPerSlab(4).checked(true).build();
        long h = slab.allocate();
        long address = slab.address(h);
        MemorySegment kept = slab.segment(h);
        kept.set(ValueLayout.JAVA_LONG, 0, 7L);
        slab.reset();
        assertThrows(IllegalStateException.class, () -> kept.get(ValueLayout.JAVA_LONG, 0));
        MemorySegment slot = MemorySegment.NULL.reinterpret(Long.MAX_VALUE).asSlice(address, 16);
        for (long i = 0; i < 16; i++) {
            assertEquals((byte) 0xDE, slot.get(ValueLayout.JAVA_BYTE, i), "poisoned byte " + i);
        }
        slab.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, slab::reset);
        assertTrue(e.getMessage().contains("'cr'") && e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void fillingA4096SlotSlabExactlyMovesTheNextAllocationToANewSlab() {
        // 4,096 slots are 64 bitmap words: the search for a free word starts one past the last word.
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(8).slotsPerSlab(4096).maxSlabs(2).build()) {
            for (int i = 0; i < 4096; i++) {
                slab.allocate();
            }
            assertEquals(4096, slab.capacity());
            long next = slab.allocate();
            assertEquals(8192, slab.capacity(), "a second slab");
            assertEquals(4096, SlabAllocator.slotOf(next), "the first slot of the new slab");
            assertEquals(4097, slab.liveCount());
        }
    }

    @Test
    void aHandleNamingASlotNeverHandedOutOrUsedAfterCloseIsRefusedWithItsReason() {
        SlabAllocator slab = SlabAllocator.builder().name("n").slotSize(16).slotsPerSlab(4).build();
        long h = slab.allocate();
        long unused = h + 2; // slot 2 of the reserved slab: never handed out
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> slab.address(unused));
        assertEquals("handle=0x" + Long.toHexString(unused) + " names slot 2, which slab allocator 'n' never handed"
                + " out (used slots=1); cannot address", e.getMessage());
        slab.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> slab.address(h));
        assertEquals("cannot address handle 0x" + Long.toHexString(h) + ": slab allocator 'n' is closed",
                closed.getMessage());
    }

    @Test
    void aHandleFromBeforeAResetCannotFreeTheSlotsNewParticle() {
        try (SlabAllocator slab = SlabAllocator.create(16, 4)) {
            long old = slab.allocate();
            slab.reset();
            long reused = slab.allocate();
            assertEquals(SlabAllocator.slotOf(old), SlabAllocator.slotOf(reused), "the same slot, handed out again");
            assertFalse(slab.isLive(old));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> slab.free(old));
            assertTrue(e.getMessage().contains("stale handle"), e.getMessage());
            assertTrue(slab.isLive(reused), "the new handle survives the stale free");
            slab.free(reused);
        }
    }

    @Test
    void aWriteAfterFreeCannotCorruptTheAllocator() {
        try (SlabAllocator slab = SlabAllocator.builder().name("c").checked(false).build()) {
            long h = slab.allocate();
            long other = slab.allocate();
            MemorySegment kept = slab.segment(h);
            slab.free(h);
            kept.fill((byte) 0x7F); // use after free: the slot holds no allocator state
            long again = slab.allocate();
            assertEquals(kept.address(), slab.address(again));
            assertEquals(0x7F7F7F7F7F7F7F7FL, slab.segment(again).get(ValueLayout.JAVA_LONG, 0), "contents as left");
            assertTrue(slab.isLive(other));
            assertEquals(2, SlabAllocator.slotOf(slab.allocate()), "then the next fresh slot");
        }
    }

    @Test
    void rejectsBadBuilderValues() {
        assertMessage("slotSize=0 must be positive", () -> SlabAllocator.create(0, 16));
        assertMessage("slotsPerSlab=0 must be positive", () -> SlabAllocator.create(16, 0));
        assertMessage("slotsPerSlab=-3 must be positive", () -> SlabAllocator.builder().slotsPerSlab(-3));
        assertMessage("maxSlabs=0 must be positive", () -> SlabAllocator.builder().maxSlabs(0));
        assertMessage("alignment=24 must be a positive power of two", () -> SlabAllocator.builder().alignment(24));
        try (SlabAllocator raised = SlabAllocator.builder().alignment(2).build()) {
            assertEquals(8, raised.alignment());
        }
        assertMessage("slotSize=9223372036854775807 rounded up to alignment=16 overflows a long",
                () -> SlabAllocator.builder().slotSize(Long.MAX_VALUE).build());
    }

    @Test
    void roundsSlotsPerSlabToAPowerOfTwo() {
        try (SlabAllocator slab = SlabAllocator.create(8, 1000)) {
            assertEquals(1024, slab.slotsPerSlab());
        }
    }

    @Test
    void closeFreesEverythingAndRejectsHandles() throws Exception {
        SlabAllocator slab = SlabAllocator.create(32, 16);
        long h = slab.allocate();
        MemorySegment segment = slab.segment(h);
        slab.close();
        slab.close();
        assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> slab.address(h));
        assertThrows(IllegalStateException.class, slab::allocate);
        assertEquals(0, slab.capacity());
        SlabAllocator other = SlabAllocator.create(32, 16);
        try {
            assertInstanceOf(WrongThreadException.class, MemoryArenaTest.runOnOtherThread(other::allocate));
            long live = other.allocate();
            assertInstanceOf(WrongThreadException.class, MemoryArenaTest.runOnOtherThread(() -> other.free(live)));
        } finally {
            other.close();
        }
    }
}
