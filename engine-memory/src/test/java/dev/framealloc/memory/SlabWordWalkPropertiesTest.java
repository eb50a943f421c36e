package dev.framealloc.memory;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Random occupancies, slab sizes and frees: every word's bits agree with {@code nextLive} and {@code isLive}, every
 * live bit's address with {@code slotAddress}, and the words just past the range are rejected.
 */
class SlabWordWalkPropertiesTest {

    @Property(tries = 150)
    void wordsAgreeWithTheSlotWalk(@ForAll @IntRange(min = 0, max = 5_000) int slots,
                                   @ForAll @IntRange(min = 0, max = 1000) int keepPerMille,
                                   @ForAll @IntRange(min = 6, max = 12) int slabShift,
                                   @ForAll @IntRange(min = 1, max = 80) int slotSize,
                                   @ForAll boolean resetFirst,
                                   @ForAll boolean checked,
                                   @ForAll long seed) {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(slotSize).slotsPerSlab(1 << slabShift)
                .checked(checked).build()) {
            SplittableRandom random = new SplittableRandom(seed);
            if (resetFirst) {
                for (int i = random.nextInt(0, 300); i > 0; i--) {
                    slab.allocate();
                }
                slab.reset();
            }
            long[] handles = new long[slots];
            for (int i = 0; i < slots; i++) {
                handles[i] = slab.allocate();
            }
            for (int i = 0; i < slots; i++) {
                if (random.nextInt(1000) >= keepPerMille) {
                    slab.free(handles[i]);
                }
            }
            int limit = slab.slotLimit();
            int words = (limit + SlabAllocator.WORD_SLOTS - 1) / SlabAllocator.WORD_SLOTS;
            int expectedSlot = slab.nextLive(0);
            for (int w = 0; w < words; w++) {
                long bits = slab.liveWord(w);
                long base = slab.wordAddress(w);
                for (int i = 0; i < SlabAllocator.WORD_SLOTS; i++) {
                    int slot = w * SlabAllocator.WORD_SLOTS + i;
                    boolean live = (bits & (1L << i)) != 0;
                    assertEquals(slot == expectedSlot && slot < limit, live, "slot " + slot);
                    if (live) {
                        assertEquals(slab.slotAddress(slot), base + i * slab.slotSize(), "address of slot " + slot);
                        expectedSlot = slab.nextLive(slot + 1);
                    }
                }
            }
            assertEquals(limit, expectedSlot, "every live slot was in a word");
            assertThrows(IndexOutOfBoundsException.class, () -> slab.liveWord(words));
            assertThrows(IndexOutOfBoundsException.class, () -> slab.wordAddress(words));
            assertThrows(IndexOutOfBoundsException.class, () -> slab.liveWord(-1 - random.nextInt(1000)));
        }
    }
}
