package dev.framealloc.memory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random slab allocate/free sequences against a model set: live handles are distinct, aligned, disjoint,
 * keep their pattern, match the dense live list, and freed handles are rejected.
 */
class SlabPropertiesTest {

    @Provide
    Arbitrary<List<Integer>> operations() {
        // >= 0: allocate; < 0: free the live handle at (-op - 1) % live
        return Arbitraries.integers().between(-40, 40).list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 200)
    void liveSlotsMatchTheModel(@ForAll("operations") List<Integer> ops, @ForAll boolean checked) {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(24).slotsPerSlab(8).alignment(8)
                .checked(checked).build()) {
            List<Long> live = new ArrayList<>();
            Map<Long, Long> patterns = new HashMap<>();
            Set<Long> dead = new HashSet<>();
            long next = 1;
            for (int op : ops) {
                if (op >= 0 || live.isEmpty()) {
                    long h = slab.allocate();
                    assertTrue(patterns.putIfAbsent(h, next) == null, "handle reused while live");
                    long address = slab.address(h);
                    assertEquals(0, address % 8);
                    slab.segment(h).set(ValueLayout.JAVA_LONG, 8, next++);
                    live.add(h);
                    dead.remove(h);
                } else {
                    long h = live.remove((-op - 1) % live.size());
                    assertEquals(patterns.remove(h), slab.segment(h).get(ValueLayout.JAVA_LONG, 8));
                    slab.free(h);
                    dead.add(h);
                }
            }
            assertEquals(live.size(), slab.liveCount());
            Set<Long> dense = new HashSet<>();
            Set<Long> addresses = new HashSet<>();
            for (int i = 0; i < slab.liveCount(); i++) {
                dense.add(slab.liveHandle(i));
                assertTrue(addresses.add(slab.liveAddress(i)), "two live handles share a slot");
            }
            assertEquals(new HashSet<>(live), dense);
            for (long h : live) {
                assertEquals(patterns.get(h), slab.segment(h).get(ValueLayout.JAVA_LONG, 8), "pattern intact");
            }
            for (long h : dead) {
                assertFalse(slab.isLive(h));
                assertThrows(IllegalStateException.class, () -> slab.free(h));
            }
        }
    }
}
