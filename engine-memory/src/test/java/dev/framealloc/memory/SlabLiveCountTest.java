package dev.framealloc.memory;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link SlabAllocator#liveCount(int, int)}: the live slots of a range, what a split walk of it visits. */
class SlabLiveCountTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void countsTheLiveSlotsOfARangeAcrossWordsAndSlabs() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(100).build()) {
            long[] handles = new long[300];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = slab.allocate();
            }
            for (int i = 0; i < handles.length; i += 3) {
                slab.free(handles[i]); // slots 0, 3, 6, ... are free
            }
            assertEquals(300, slab.slotLimit());
            assertEquals(200, slab.liveCount(0, 300));
            assertEquals(slab.liveCount(), slab.liveCount(0, slab.slotLimit()));
            assertEquals(0, slab.liveCount(0, 1));
            assertEquals(2, slab.liveCount(0, 3));
            assertEquals(42, slab.liveCount(64, 127));   // 63 slots, 21 free
            assertEquals(43, slab.liveCount(63, 128));   // 65 slots: 63 and 127 live, 22 free
            assertEquals(1, slab.liveCount(127, 128));
            assertEquals(0, slab.liveCount(150, 150));
            assertEquals(134, slab.liveCount(99, 300));  // slots 99..299: 201 slots, 67 free
        }
    }

    @Test
    void rejectsRangesOutsideTheSlotLimitOrReversed() {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(64).name("p").build()) {
            for (int i = 0; i < 10; i++) {
                slab.allocate();
            }
            assertEquals("range [fromSlot=-1, toSlot=5) not inside [0, slotLimit=10] of slab allocator 'p'",
                    assertThrows(IndexOutOfBoundsException.class, () -> slab.liveCount(-1, 5)).getMessage());
            assertEquals("range [fromSlot=6, toSlot=5) not inside [0, slotLimit=10] of slab allocator 'p'",
                    assertThrows(IndexOutOfBoundsException.class, () -> slab.liveCount(6, 5)).getMessage());
            assertEquals("range [fromSlot=0, toSlot=11) not inside [0, slotLimit=10] of slab allocator 'p'",
                    assertThrows(IndexOutOfBoundsException.class, () -> slab.liveCount(0, 11)).getMessage());
            assertEquals(10, slab.liveCount(0, 10));
        }
    }

    @Test
    void keepsTheSlotLimitAfterResetAndCountsNothingLive() {
        try (SlabAllocator slab = SlabAllocator.create(16, 64)) {
            for (int i = 0; i < 200; i++) {
                slab.allocate();
            }
            slab.reset();
            assertEquals(0, slab.liveCount(0, 200));
            slab.allocate();
            assertEquals(1, slab.liveCount(0, 200));
        }
    }

    /** Random frees over several slabs: every range's count is the model's, and the ranges of a split add up. */
    @Property(tries = 200)
    void everyRangeCountsWhatTheModelHolds(@ForAll @IntRange(min = 1, max = 700) int allocations,
                                           @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 699) Integer> frees,
                                           @ForAll @IntRange(min = 1, max = 130) int slotsPerSlab,
                                           @ForAll @IntRange(min = 1, max = 9) int parts) {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(slotsPerSlab).build()) {
            long[] handles = new long[allocations];
            TreeSet<Integer> live = new TreeSet<>();
            for (int i = 0; i < allocations; i++) {
                handles[i] = slab.allocate();
                live.add(i); // a fresh slab allocator hands out slots 0, 1, 2, ...
            }
            for (int f : frees) {
                if (f < allocations && live.remove(f)) {
                    slab.free(handles[f]);
                }
            }
            int limit = slab.slotLimit();
            for (int from = 0; from <= limit; from += 1 + from / 3) {
                for (int to = from; to <= limit; to += 1 + to / 5) {
                    assertEquals(live.subSet(from, to).size(), slab.liveCount(from, to), "[" + from + ", " + to + ")");
                }
            }
            int sum = 0;
            for (int p = 0; p < parts; p++) {
                sum += slab.liveCount((int) ((long) limit * p / parts), (int) ((long) limit * (p + 1) / parts));
            }
            assertEquals(live.size(), sum);
        }
    }

    @Test
    @Tag("zero-garbage")
    void countingAllocatesNothing() {
        try (SlabAllocator slab = SlabAllocator.create(16, 1024)) {
            for (int i = 0; i < 5000; i++) {
                long h = slab.allocate();
                if (i % 3 == 0) {
                    slab.free(h);
                }
            }
            long sink = 0;
            long bytes = -1;
            // Warm up past C2's threshold, then windows until one measures exactly 0 (at most 50).
            for (int window = 0; window < 60 && bytes != 0; window++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++) {
                    sink += slab.liveCount(i % 97, slab.slotLimit() - i % 89);
                }
                bytes = window < 10 ? -1 : THREADS.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, bytes, "heap bytes of 10,000 liveCount calls (sink " + sink + ")");
        }
    }
}
