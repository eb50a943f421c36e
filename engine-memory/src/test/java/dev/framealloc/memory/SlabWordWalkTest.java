package dev.framealloc.memory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.framealloc.memory.MemoryArenaTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The word-at-a-time walk: {@code liveWord}, {@code wordAddress}, {@code WORD_SLOTS}. */
class SlabWordWalkTest {

    /** The word walk of the Javadoc: every live slot, in slot order. */
    static List<Integer> wordWalk(SlabAllocator slab) {
        List<Integer> slots = new ArrayList<>();
        int words = (slab.slotLimit() + SlabAllocator.WORD_SLOTS - 1) / SlabAllocator.WORD_SLOTS;
        for (int w = 0; w < words; w++) {
            long bits = slab.liveWord(w);
            long base = slab.wordAddress(w);
            while (bits != 0) {
                int i = Long.numberOfTrailingZeros(bits);
                int slot = w * SlabAllocator.WORD_SLOTS + i;
                assertEquals(slab.slotAddress(slot), base + i * slab.slotSize(), "slot " + slot);
                slots.add(slot);
                bits &= bits - 1;
            }
        }
        return slots;
    }

    private static long[] allocate(SlabAllocator slab, int n) {
        long[] handles = new long[n];
        for (int i = 0; i < n; i++) {
            handles[i] = slab.allocate();
        }
        return handles;
    }

    @Test
    void wordsHoldTheLiveBitsAndTheirSlotsAreContiguousAcrossSlabs() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(24).slotsPerSlab(128).build()) {
            long[] h = allocate(slab, 300); // three slabs, the last partly used
            for (int s = 0; s < 300; s += 3) {
                slab.free(h[s]);
            }
            assertEquals(SlabIterationTest.walk(slab), wordWalk(slab));
            assertEquals(0b110L, slab.liveWord(0) & 0b111L);
            assertEquals(-1L >>> (64 - 300 % 64) & slab.liveWord(4), slab.liveWord(4), "no bits at or above the limit");
            for (int w = 0; w < 5; w++) {
                int live = (w * 64 + 1) % 3 == 0 ? w * 64 + 2 : w * 64 + 1;
                assertEquals(slab.address(h[live]) - (live - w * 64) * slab.slotSize(), slab.wordAddress(w), "word " + w);
            }
        }
    }

    @Test
    void aWordIsASnapshotSoFreeingMidWalkSkipsNothing() {
        try (SlabAllocator slab = SlabAllocator.create(16, 64)) {
            long[] h = allocate(slab, 64);
            long bits = slab.liveWord(0);
            slab.free(h[5]);
            assertEquals(-1L, bits);
            assertEquals(~(1L << 5), slab.liveWord(0));
        }
    }

    @Test
    void anEmptyAllocatorHasNoWords() {
        try (SlabAllocator slab = SlabAllocator.builder().name("e").build()) {
            assertMessage("word=0 not in [0, (slotLimit=0 + 63) / 64=0) of slab allocator 'e'", () -> slab.liveWord(0));
            assertMessage("word=0 not in [0, (slotLimit=0 + 63) / 64=0) of slab allocator 'e'", () -> slab.wordAddress(0));
        }
    }

    @Test
    void rejectsWordsOutsideTheLimit() {
        try (SlabAllocator slab = SlabAllocator.builder().name("r").slotsPerSlab(1024).build()) {
            allocate(slab, 65); // two words, inside one slab of 16
            assertEquals(1L, slab.liveWord(1));
            for (int bad : new int[] {-1, 2, 15, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                IndexOutOfBoundsException a = assertThrows(IndexOutOfBoundsException.class, () -> slab.liveWord(bad));
                assertEquals("word=" + bad + " not in [0, (slotLimit=65 + 63) / 64=2) of slab allocator 'r'", a.getMessage());
                assertThrows(IndexOutOfBoundsException.class, () -> slab.wordAddress(bad));
            }
        }
    }

    @Test
    void wordAddressNeedsSlabsOfAtLeastAWord() {
        try (SlabAllocator slab = SlabAllocator.builder().name("s").slotSize(16).slotsPerSlab(32).build()) {
            allocate(slab, 40);
            assertEquals(-1L >>> 24, slab.liveWord(0), "liveWord works with any slab size");
            assertMessage("slab allocator 's' has slotsPerSlab=32, below the 64 slots of a word, so the slots of word 0"
                    + " are not contiguous; build it with slotsPerSlab >= 64 for the word walk", () -> slab.wordAddress(0));
            assertThrows(IndexOutOfBoundsException.class, () -> slab.wordAddress(1), "the range is checked first");
        }
    }

    @Test
    void resetClearsTheWordsAndKeepsTheLimit() {
        try (SlabAllocator slab = SlabAllocator.create(16, 256)) {
            allocate(slab, 130);
            long address = slab.wordAddress(2);
            slab.reset();
            for (int w = 0; w < 3; w++) {
                assertEquals(0L, slab.liveWord(w), "word " + w);
            }
            assertEquals(address, slab.wordAddress(2), "the memory stays");
            allocate(slab, 1);
            assertEquals(1L, slab.liveWord(0));
        }
    }

    @Test
    void closedAllocatorRejectsWords() {
        SlabAllocator slab = SlabAllocator.builder().name("c").slotSize(16).slotsPerSlab(64).build();
        allocate(slab, 70);
        slab.close();
        assertMessage("cannot read the live bits of word 0: slab allocator 'c' is closed", () -> slab.liveWord(0));
        assertMessage("cannot read the address of word 1: slab allocator 'c' is closed", () -> slab.wordAddress(1));
    }

    @Test
    @Tag("zero-garbage")
    void theWordWalkAllocatesNothing() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(32).slotsPerSlab(4096).checked(false).build()) {
            long[] h = allocate(slab, 10_000);
            for (int s = 0; s < h.length; s += 7) {
                slab.free(h[s]);
            }
            long[] sink = new long[1];
            Runnable walk = () -> {
                int words = (slab.slotLimit() + 63) >>> 6;
                long size = slab.slotSize();
                long sum = 0;
                for (int w = 0; w < words; w++) {
                    long bits = slab.liveWord(w);
                    long base = slab.wordAddress(w);
                    while (bits != 0) {
                        sum += base + Long.numberOfTrailingZeros(bits) * size;
                        bits &= bits - 1;
                    }
                }
                sink[0] += sum;
            };
            HeapProbe.assertZeroOnceWarm("a word walk of 10,000 slots", 157, walk, 10);
        }
    }
}
