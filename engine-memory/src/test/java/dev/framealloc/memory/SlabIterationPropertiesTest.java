package dev.framealloc.memory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random allocate / free / free-during-walk / reset sequences against a model (the live slots in a sorted map):
 * after every operation the address-order walk, and split walks over random ranges, visit exactly the model's
 * slots in increasing order, with their handles and addresses, and allocate hands out the lowest free slot.
 */
class SlabIterationPropertiesTest {

    /** An operation: its kind, and an argument in [0, 1000). */
    record Op(int kind, int arg) {}

    private static final int ALLOCATE = 0, ALLOCATE_MANY = 1, FREE = 2, FREE_MANY = 3, FREE_WHILE_WALKING = 4,
            RESET = 5;

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> kind = Arbitraries.frequency(
                Tuple.of(30, ALLOCATE), Tuple.of(8, ALLOCATE_MANY),
                Tuple.of(25, FREE), Tuple.of(6, FREE_MANY),
                Tuple.of(6, FREE_WHILE_WALKING), Tuple.of(1, RESET));
        return Combinators.combine(kind, Arbitraries.integers().between(0, 999)).as(Op::new)
                .list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 300)
    void walkMatchesTheModelAfterEveryOperation(@ForAll("operations") List<Op> ops,
                                                @ForAll @IntRange(min = 1, max = 200) int slotsPerSlab,
                                                @ForAll boolean checked) {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(16).slotsPerSlab(slotsPerSlab).checked(checked)
                .build()) {
            TreeMap<Integer, Long> model = new TreeMap<>();
            int peak = 0;
            for (Op op : ops) {
                switch (op.kind()) {
                    case ALLOCATE -> allocate(slab, model, 1);
                    case ALLOCATE_MANY -> allocate(slab, model, op.arg() * 5);
                    case FREE -> freeNth(slab, model, op.arg());
                    case FREE_MANY -> {
                        for (int i = 0; i < op.arg() && !model.isEmpty(); i++) {
                            freeNth(slab, model, op.arg() + i * 7);
                        }
                    }
                    case FREE_WHILE_WALKING -> freeWhileWalking(slab, model, op.arg() % 4 + 2);
                    case RESET -> {
                        slab.reset();
                        model.clear();
                    }
                    default -> throw new AssertionError(op);
                }
                peak = Math.max(peak, model.size());
                assertEquals(peak, slab.slotLimit(), "slotLimit is the peak live count");
                assertWalkMatches(slab, model, op.arg() % 9 + 1);
            }
        }
    }

    /** Sparse and dense bitmaps over several summary words: a random subset of up to 20,000 slots stays live. */
    @Property(tries = 60)
    void walkFindsEveryRandomSubset(@ForAll @IntRange(min = 0, max = 20_000) int slots,
                                    @ForAll @IntRange(min = 0, max = 1000) int keepPerMille,
                                    @ForAll long seed) {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(8).slotsPerSlab(2048).checked(false).build()) {
            TreeMap<Integer, Long> model = new TreeMap<>();
            allocate(slab, model, slots);
            SplittableRandom random = new SplittableRandom(seed);
            for (int slot = 0; slot < slots; slot++) {
                if (random.nextInt(1000) >= keepPerMille) {
                    slab.free(model.remove(slot));
                }
            }
            assertWalkMatches(slab, model, random.nextInt(1, 17));
        }
    }

    /** Allocates {@code n} slots; each must be the lowest free one (the first gap in the model). */
    private static void allocate(SlabAllocator slab, TreeMap<Integer, Long> model, int n) {
        int lowestFree = 0;
        for (int i = 0; i < n; i++) {
            while (model.containsKey(lowestFree)) {
                lowestFree++;
            }
            long h = slab.allocate();
            assertEquals(lowestFree, SlabAllocator.slotOf(h), "allocate hands out the lowest free slot");
            model.put(lowestFree, h);
        }
    }

    private static void freeNth(SlabAllocator slab, TreeMap<Integer, Long> model, int n) {
        if (model.isEmpty()) {
            return;
        }
        int target = n % model.size();
        Integer slot = model.keySet().stream().skip(target).findFirst().orElseThrow();
        slab.free(model.remove(slot));
    }

    /**
     * The canonical walk, freeing every {@code every}-th slot it visits and, after the one before it, the next live
     * slot ahead: it visits exactly the slots live at the start except those freed ahead of it, in order.
     */
    private static void freeWhileWalking(SlabAllocator slab, TreeMap<Integer, Long> model, int every) {
        TreeSet<Integer> expected = new TreeSet<>(model.keySet());
        List<Integer> visited = new ArrayList<>();
        int i = 0;
        for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
            visited.add(s);
            i++;
            if (i % every == 0) {
                slab.free(slab.slotHandle(s));
                model.remove(s);
            } else if (i % every == every - 1 && model.higherKey(s) != null) {
                int ahead = model.higherKey(s);
                slab.free(model.remove(ahead));
                expected.remove(ahead);
            }
        }
        assertEquals(new ArrayList<>(expected), visited);
    }

    private static void assertWalkMatches(SlabAllocator slab, TreeMap<Integer, Long> model, int ranges) {
        List<Integer> walked = new ArrayList<>();
        long previousAddress = Long.MIN_VALUE;
        int previousSlot = -1;
        for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
            walked.add(s);
            long handle = model.getOrDefault(s, 0L);
            assertEquals(handle, slab.slotHandle(s), "slot " + s);
            long address = slab.slotAddress(s);
            assertEquals(slab.address(handle), address);
            if (previousSlot >= 0 && previousSlot / slab.slotsPerSlab() == s / slab.slotsPerSlab()) {
                assertTrue(address > previousAddress, "address order within a slab");
            }
            previousSlot = s;
            previousAddress = address;
        }
        assertEquals(new ArrayList<>(model.keySet()), walked);
        int limit = slab.slotLimit();
        List<Integer> joined = new ArrayList<>();
        for (int r = 0; r < ranges; r++) {
            int from = (int) ((long) limit * r / ranges);
            int to = (int) ((long) limit * (r + 1) / ranges);
            for (int s = slab.nextLive(from); s < to; s = slab.nextLive(s + 1)) {
                joined.add(s);
            }
        }
        assertEquals(walked, joined, ranges + " ranges");
    }
}
