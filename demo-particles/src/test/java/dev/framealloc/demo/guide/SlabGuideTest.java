package dev.framealloc.demo.guide;

import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.system.MemoryUtil.memGetFloat;
import static org.lwjgl.system.MemoryUtil.memGetInt;
import static org.lwjgl.system.MemoryUtil.memPutFloat;
import static org.lwjgl.system.MemoryUtil.memPutInt;

/** The guide's "Entities in a slab" section: handles, stale handles, the address-order walk and split walks. */
class SlabGuideTest {
    private static final int HEALTH = 0;  // int
    private static final int X = 4;       // float
    private static final int Y = 8;       // float

    /** What the walk's callbacks saw. */
    private final List<Long> visited = new ArrayList<>();

    private boolean update(long enemy) {
        visited.add(enemy);
        int health = memGetInt(enemy + HEALTH) - 10;
        memPutInt(enemy + HEALTH, health);
        return health > 0;
    }

    @Test
    void handlesNameEntitiesAndGoStaleWhenTheyAreFreed() {
        // tag::slab-entities[]
        try (SlabAllocator enemies = SlabAllocator.builder().slotSize(64).slotsPerSlab(1024).name("enemies").build()) {
            long enemy = enemies.allocate();              // a generational handle, never 0
            long e = enemies.address(enemy);              // 64 bytes, 16-aligned, not zeroed
            memPutInt(e + HEALTH, 100);
            memPutFloat(e + X, 12.5f);

            long target = enemy;                          // handles are plain longs: store them anywhere
            enemies.free(enemy);
            if (!enemies.isLive(target)) {                // the slot may already hold another enemy
                target = 0;
            }
            // end::slab-entities[]
            assertEquals(0, target);
            IllegalStateException stale = assertThrows(IllegalStateException.class, () -> enemies.address(enemy));
            assertTrue(stale.getMessage().contains("enemies"), stale.getMessage());
            long next = enemies.allocate();
            assertEquals(e, enemies.address(next), "the freed slot is reused");
            assertFalse(enemies.isLive(enemy), "the old handle stays stale after its slot is reused");
            // tag::slab-entities[]
        }
        // end::slab-entities[]
    }

    @Test
    void theWalkVisitsLiveSlotsInAddressOrderAndMayFreeThem() {
        try (SlabAllocator enemies = SlabAllocator.create(64, 1024)) {
            List<Long> handles = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                long h = enemies.allocate();
                memPutInt(enemies.address(h) + HEALTH, i % 3 == 0 ? 5 : 100);  // every third dies in the walk
                handles.add(h);
            }
            for (int i = 0; i < 3000; i += 7) {
                enemies.free(handles.get(i));                                    // churn: holes everywhere
            }
            int liveBefore = enemies.liveCount();
            // tag::slab-walk[]
            for (int s = enemies.nextLive(0); s < enemies.slotLimit(); s = enemies.nextLive(s + 1)) {
                long enemy = enemies.slotAddress(s);      // increasing addresses within a slab
                if (!update(enemy)) {
                    enemies.free(enemies.slotHandle(s));  // freeing the visited slot skips nothing
                }
            }
            // end::slab-walk[]
            assertEquals(liveBefore, visited.size(), "every live slot once");
            int descents = 0;
            for (int i = 1; i < visited.size(); i++) {
                descents += visited.get(i) < visited.get(i - 1) ? 1 : 0;
            }
            assertTrue(descents < enemies.stats().slabCount(), "addresses decrease only from one slab to the next: "
                    + descents + " times over " + enemies.stats().slabCount() + " slabs");
            long dead = 0;
            for (int i = 0; i < 3000; i++) {
                dead += (i % 3 == 0 && i % 7 != 0) ? 1 : 0;
            }
            assertEquals(liveBefore - dead, enemies.liveCount(), "the walk freed exactly the dying enemies");
        }
    }

    @Test
    void rangesOfSlotsSplitTheWalkWithoutOverlap() {
        try (SlabAllocator enemies = SlabAllocator.create(64, 256)) {
            for (int i = 0; i < 1000; i++) {
                long h = enemies.allocate();
                memPutFloat(enemies.address(h) + X, i);
                if (i % 5 == 0) {
                    enemies.free(h);
                }
            }
            int parts = 3;
            float[] sums = new float[parts];
            int[] counts = new int[parts];
            for (int part = 0; part < parts; part++) {
                float sum = 0;
                int count = 0;
                // tag::slab-walk-range[]
                int limit = enemies.slotLimit();
                int from = (int) ((long) limit * part / parts);          // part in [0, parts)
                int to = (int) ((long) limit * (part + 1) / parts);
                for (int s = enemies.nextLive(from); s < to; s = enemies.nextLive(s + 1)) {
                    sum += memGetFloat(enemies.slotAddress(s) + X);      // read-only: any thread may do this
                    count++;
                }
                // end::slab-walk-range[]
                sums[part] = sum;
                counts[part] = count;
            }
            assertEquals(800, counts[0] + counts[1] + counts[2], "each live slot in exactly one range");
            float expected = 0;
            for (int i = 0; i < 1000; i++) {
                expected += i % 5 == 0 ? 0 : i;
            }
            assertEquals(expected, sums[0] + sums[1] + sums[2]);
        }
    }

    @Test
    void theWordWalkVisitsTheSameSlotsWithoutACallPerSlot() {
        try (SlabAllocator enemies = SlabAllocator.create(64, 256)) {
            for (int i = 0; i < 1000; i++) {
                long h = enemies.allocate();
                memPutFloat(enemies.address(h) + X, i);
                if (i % 5 == 0) {
                    enemies.free(h);
                }
            }
            float sum = 0;
            int count = 0;
            // tag::slab-walk-words[]
            int words = (enemies.slotLimit() + 63) / 64;             // SlabAllocator.WORD_SLOTS slots per word
            for (int w = 0; w < words; w++) {
                long bits = enemies.liveWord(w);                     // bit i: slot w * 64 + i is live
                long base = enemies.wordAddress(w);                  // slabs of >= 64 slots keep a word contiguous
                while (bits != 0) {
                    long enemy = base + Long.numberOfTrailingZeros(bits) * enemies.slotSize();
                    sum += memGetFloat(enemy + X);
                    count++;
                    bits &= bits - 1;                                // next live slot of the word
                }
            }
            // end::slab-walk-words[]
            assertEquals(800, count);
            float expected = 0;
            for (int i = 0; i < 1000; i++) {
                expected += i % 5 == 0 ? 0 : i;
            }
            assertEquals(expected, sum);
        }
    }
}
