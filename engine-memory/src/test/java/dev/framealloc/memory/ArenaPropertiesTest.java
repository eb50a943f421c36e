package dev.framealloc.memory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of allocate, mark, resetTo and reset against a model: a stack of live allocations with the
 * mark depth each was made at. Every live allocation must be aligned, in bounds, disjoint from the others,
 * and keep its unique pattern until released.
 */
class ArenaPropertiesTest {
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    sealed interface Op permits Alloc, Mark, ResetTo, Reset {}

    record Alloc(long size, long alignment) implements Op {}

    record Mark() implements Op {}

    record ResetTo(int marksBack) implements Op {}

    record Reset() implements Op {}

    record Live(long address, long size, long alignment, byte pattern) {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> alloc = Combinators.combine(
                        Arbitraries.of(0L, 1L, 15L, 16L, 17L, 1023L, 1024L, 2047L, 2048L, 2049L, 4096L, 5000L),
                        Arbitraries.integers().between(0, 12).map(shift -> 1L << shift))
                .as(Alloc::new);
        Arbitrary<Op> sized = Combinators.combine(Arbitraries.longs().between(0, 5000),
                Arbitraries.integers().between(0, 12).map(shift -> 1L << shift)).as(Alloc::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, alloc),
                net.jqwik.api.Tuple.of(10, sized),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Mark())),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 3).map(ResetTo::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reset()))
        ).list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 300)
    void liveAllocationsStayAlignedDisjointAndIntact(@ForAll("operations") List<Op> ops,
                                                     @ForAll boolean smallBlocks) {
        long blockSize = smallBlocks ? 2048 : 64 * 1024;
        try (MemoryArena arena = MemoryArena.builder().blockSize(blockSize).checked(false).build()) {
            List<Live> live = new ArrayList<>();
            List<Long> marks = new ArrayList<>();   // arena tokens
            List<Integer> markLive = new ArrayList<>(); // live.size() when each mark was taken
            byte nextPattern = 1;
            for (Op op : ops) {
                switch (op) {
                    case Alloc(long size, long alignment) -> {
                        long address = arena.allocateAddress(size, alignment);
                        assertEquals(0, address % alignment, "alignment " + alignment);
                        ALL.asSlice(address, size).fill(nextPattern);
                        live.add(new Live(address, size, alignment, nextPattern));
                        nextPattern = (byte) (nextPattern == 127 ? 1 : nextPattern + 1);
                    }
                    case Mark() -> {
                        marks.add(arena.mark());
                        markLive.add(live.size());
                    }
                    case ResetTo(int back) -> {
                        if (marks.isEmpty()) {
                            continue;
                        }
                        int index = Math.max(0, marks.size() - 1 - back);
                        verify(live);
                        arena.resetTo(marks.get(index));
                        live.subList(markLive.get(index), live.size()).clear();
                        marks.subList(index, marks.size()).clear();
                        markLive.subList(index, markLive.size()).clear();
                    }
                    case Reset() -> {
                        verify(live);
                        arena.reset();
                        live.clear();
                        marks.clear();
                        markLive.clear();
                        assertEquals(1, arena.stats().blockCount(), "reset consolidates into one block");
                    }
                }
                assertEquals(marks.size(), arena.liveMarkCount());
            }
            verify(live);
            checkDisjoint(live);
            long requested = live.stream().mapToLong(Live::size).sum();
            ArenaStats stats = arena.stats();
            assertTrue(stats.usedBytes() >= requested, "used " + stats.usedBytes() + " >= requested " + requested);
            long padding = stats.usedBytes() - requested - stats.wastedBytes(); // not recorded when unchecked
            long maxPadding = live.stream().mapToLong(l -> l.alignment() - 1).sum();
            assertTrue(padding >= 0 && padding <= maxPadding, "padding " + padding + " in [0, " + maxPadding + "]");
            assertTrue(stats.blockCount() >= 1, "blocks=" + stats.blockCount());
            assertTrue(stats.usedBytes() <= stats.capacityBytes(), "used " + stats.usedBytes()
                    + " lies within the reserved blocks: capacity " + stats.capacityBytes());
        }
    }

    private static void verify(List<Live> live) {
        for (Live l : live) {
            for (long i = 0; i < l.size(); i++) {
                if (ALL.get(ValueLayout.JAVA_BYTE, l.address() + i) != l.pattern()) {
                    throw new AssertionError("allocation " + l + " corrupted at byte " + i);
                }
            }
        }
    }

    private static void checkDisjoint(List<Live> live) {
        List<Live> sorted = new ArrayList<>(live);
        sorted.removeIf(l -> l.size() == 0);
        sorted.sort((a, b) -> Long.compare(a.address(), b.address()));
        for (int i = 1; i < sorted.size(); i++) {
            Live prev = sorted.get(i - 1);
            assertTrue(prev.address() + prev.size() <= sorted.get(i).address(), prev + " overlaps " + sorted.get(i));
        }
    }
}
