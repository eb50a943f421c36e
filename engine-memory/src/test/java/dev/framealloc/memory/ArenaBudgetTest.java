package dev.framealloc.memory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code maxBytes} is a budget for the bytes in use: blocks holding no allocation are replaced or released rather
 * than counted, so an empty arena serves any single request that fits the cap, and the arena never reserves more
 * than the cap.
 */
class ArenaBudgetTest {
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    @Test
    void emptyArenaServesARequestOfTheWholeCap() {
        try (MemoryArena arena = MemoryArena.builder().name("budget").blockSize(4096).maxBytes(8192).checked(false)
                .build()) {
            long address = arena.allocateAddress(8192, 1);
            ALL.asSlice(address, 8192).fill((byte) 3);
            assertEquals(8192, arena.capacityBytes(), "the empty first block was replaced, not kept");
            assertEquals(8192, arena.usedBytes());
            assertEquals(1, arena.growthCount());
            assertEquals(1, arena.stats().blockCount());
            ArenaExhaustedException e = assertThrows(ArenaExhaustedException.class, () -> arena.allocateAddress(1, 1));
            assertEquals("arena 'budget' exhausted: requested=1 alignment=1 used=8192 capacity=8192 max=8192",
                    e.getMessage());
            assertEquals(3, ALL.get(ValueLayout.JAVA_BYTE, address + 8191), "the refused call changed nothing");
            arena.reset();
            assertEquals(address, arena.allocateAddress(8192, 1), "the next frame reuses the block without growing");
            assertEquals(1, arena.growthCount());
        }
    }

    @Test
    void emptyArenaServesTheCapAtTheRequestsAlignment() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).maxBytes(8192).checked(false).build()) {
            MemorySegment segment = arena.allocate(8192, 4096);
            assertEquals(0, segment.address() % 4096);
            assertEquals(8192, segment.byteSize());
            assertEquals(8192, arena.capacityBytes());
        }
    }

    @Test
    void checkedArenaServesTheCapLessItsGuardBytes() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).maxBytes(8192).checked(true).build()) {
            ArenaExhaustedException e = assertThrows(ArenaExhaustedException.class,
                    () -> arena.allocateAddress(8192 - 15, 16));
            assertEquals("arena 'arena' exhausted: requested=8177 alignment=16 used=0 capacity=4096 max=8192"
                    + " (checked mode adds 16 guard bytes)", e.getMessage());
            assertEquals("arena", e.allocatorName());
            assertEquals(8177, e.requestedBytes());
            assertEquals(16, e.alignment());
            assertEquals(0, e.usedBytes());
            assertEquals(4096, e.capacityBytes());
            assertEquals(8192, e.maxBytes());
            assertEquals(4096, arena.capacityBytes(), "a refused request reserves nothing");
            arena.allocateAddress(8192 - 16, 16);
            assertEquals(8192, arena.capacityBytes());
            arena.reset(); // verifies the guard of the allocation that filled the cap
        }
    }

    @Test
    void keepsABlockThatHoldsAnAllocationAndRefusesWhatDoesNotFitBesideIt() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).maxBytes(8192).checked(false).build()) {
            MemorySegment kept = arena.allocate(16, 16);
            kept.fill((byte) 9);
            assertThrows(ArenaExhaustedException.class, () -> arena.allocateAddress(8192, 1));
            assertEquals(16, arena.usedBytes());
            assertEquals(4096, arena.capacityBytes());
            arena.allocateAddress(4096, 1); // fits beside the first block
            assertEquals(8192, arena.capacityBytes());
            assertEquals(9, kept.get(ValueLayout.JAVA_BYTE, 15));
        }
    }

    @Test
    void markAtAnEmptyReplacedBlockStaysValid() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).maxBytes(8192).checked(false).build()) {
            long mark = arena.mark();
            long first = arena.allocateAddress(6000, 16); // replaces the empty first block
            arena.resetTo(mark);
            assertEquals(0, arena.usedBytes());
            assertEquals(first, arena.allocateAddress(6000, 16), "the mark points into the replacing block");
            assertEquals(1, arena.growthCount());
        }
    }

    @Test
    void markAtAnEmptyLaterBlockStaysValidWhenThatBlockIsReplaced() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(1024).maxBytes(3072).checked(false).build()) {
            arena.allocateAddress(1000, 1);
            arena.allocateAddress(0, 1 << 20); // an empty request whose alignment only a new block can meet
            assumeTrue(arena.growthCount() == 1, "the first block happened to reach a 1 MiB boundary");
            long mark = arena.mark();          // at the start of the empty second block
            long big = arena.allocateAddress(2000, 16);
            assertEquals(1024 + 2000, arena.capacityBytes(), "the empty second block was replaced");
            arena.resetTo(mark);
            assertEquals(1024, arena.usedBytes());
            assertEquals(big, arena.allocateAddress(2000, 16));
            assertEquals(2, arena.growthCount());
        }
    }

    @Test
    void emptySegmentsOutliveTheReplacementOfTheirEmptyBlock() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).maxBytes(8192).checked(false).build()) {
            MemorySegment empty = arena.allocate(0, 16);
            arena.allocateAddress(8192, 16); // frees the block the empty segment points into
            empty.fill((byte) 1);            // a no-op on an empty segment, not an IllegalStateException
            MemorySegment.copy(empty, 0, empty, 0, 0);
            assertEquals(0, empty.byteSize());
            assertEquals(0, empty.address() % 16);
        }
    }

    @Test
    void freshFrameServesARequestOfNearlyTheWholeCap() {
        try (FrameArenas frames = FrameArenas.builder().name("capped").blockSize(1024).maxBytes(2048).checked(false)
                .build()) {
            for (int frame = 1; frame <= 6; frame++) {
                MemoryArena arena = frames.beginFrame();
                MemorySegment vertices = arena.allocate(2000, 16);
                vertices.fill((byte) frame);
                assertTrue(arena.capacityBytes() <= 2048, "capacity " + arena.capacityBytes());
                ArenaExhaustedException e = assertThrows(ArenaExhaustedException.class,
                        () -> arena.allocateAddress(100, 16));
                assertEquals("arena 'capped[" + ((frame - 1) % 2) + "]' exhausted: requested=100 alignment=16"
                        + " used=2000 capacity=2000 max=2048", e.getMessage());
                assertEquals(frame, vertices.get(ValueLayout.JAVA_BYTE, 1999));
            }
            assertEquals(2, frames.growthCount(), "each arena replaced its first block once, then kept the new one");
            assertEquals(2000 * 2, frames.capacityBytes());
            assertEquals(0, frames.history().growthCount(frames.history().size() - 1), "no growth once warm");
        }
    }

    // ---- the property: random requests, marks and resets never take the arena past its cap ----

    sealed interface Op permits Alloc, Mark, ResetTo, Reset {}

    record Alloc(long size, long alignment) implements Op {}

    record Mark() implements Op {}

    record ResetTo(int marksBack) implements Op {}

    record Reset() implements Op {}

    record Live(long address, long size, byte pattern) {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Long> alignments = Arbitraries.integers().between(0, 12).map(shift -> 1L << shift);
        Arbitrary<Op> small = Combinators.combine(Arbitraries.longs().between(0, 600), alignments).as(Alloc::new);
        Arbitrary<Op> large = Combinators.combine(Arbitraries.longs().between(600, 9000), alignments).as(Alloc::new);
        return Arbitraries.frequencyOf(
                Tuple.of(8, small),
                Tuple.of(3, large),
                Tuple.of(2, Arbitraries.just(new Mark())),
                Tuple.of(2, Arbitraries.integers().between(0, 3).map(ResetTo::new)),
                Tuple.of(1, Arbitraries.just(new Reset()))
        ).list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 400)
    void neverReservesPastTheCapAndServesAnyFittingRequestWhenEmpty(
            @ForAll("operations") List<Op> ops, @ForAll @IntRange(min = 1, max = 8) int blockKiB,
            @ForAll @IntRange(min = 0, max = 8) int extraKiB, @ForAll boolean checked) {
        long blockSize = blockKiB * 1024L;
        long maxBytes = blockSize + extraKiB * 1024L;
        long guards = checked ? 16 : 0;
        try (MemoryArena arena = MemoryArena.builder().blockSize(blockSize).maxBytes(maxBytes).checked(checked)
                .build()) {
            List<Live> live = new ArrayList<>();
            List<Long> marks = new ArrayList<>();
            List<Integer> liveAtMark = new ArrayList<>();
            byte pattern = 1;
            for (Op op : ops) {
                switch (op) {
                    case Alloc(long size, long alignment) -> {
                        boolean empty = arena.usedBytes() == 0;
                        long used = arena.usedBytes();
                        long capacity = arena.capacityBytes();
                        long count = arena.allocationCount();
                        long address;
                        try {
                            address = arena.allocateAddress(size, alignment);
                        } catch (ArenaExhaustedException e) {
                            assertTrue(!empty || size + guards > maxBytes, "an empty arena refused " + size
                                    + " bytes at alignment " + alignment + " under a cap of " + maxBytes + ": "
                                    + e.getMessage());
                            assertEquals(size, e.requestedBytes());
                            assertEquals(maxBytes, e.maxBytes());
                            assertEquals(used, arena.usedBytes(), "a refused request changes nothing");
                            assertEquals(capacity, arena.capacityBytes(), "a refused request changes nothing");
                            assertEquals(count, arena.allocationCount(), "a refused request changes nothing");
                            break;
                        }
                        assertEquals(0, address % alignment, "alignment " + alignment);
                        ALL.asSlice(address, size).fill(pattern);
                        live.add(new Live(address, size, pattern));
                        pattern = (byte) (pattern == 127 ? 1 : pattern + 1);
                    }
                    case Mark() -> {
                        marks.add(arena.mark());
                        liveAtMark.add(live.size());
                    }
                    case ResetTo(int back) -> {
                        if (marks.isEmpty()) {
                            break;
                        }
                        int index = Math.max(0, marks.size() - 1 - back);
                        verify(live);
                        arena.resetTo(marks.get(index));
                        live.subList(liveAtMark.get(index), live.size()).clear();
                        marks.subList(index, marks.size()).clear();
                        liveAtMark.subList(index, liveAtMark.size()).clear();
                    }
                    case Reset() -> {
                        verify(live);
                        arena.reset();
                        live.clear();
                        marks.clear();
                        liveAtMark.clear();
                    }
                }
                assertTrue(arena.capacityBytes() <= maxBytes, "capacity " + arena.capacityBytes() + " > max "
                        + maxBytes + " after " + op);
                assertTrue(arena.usedBytes() <= arena.capacityBytes(), "used " + arena.usedBytes() + " > capacity "
                        + arena.capacityBytes() + " after " + op);
            }
            verify(live);
            checkDisjoint(live);
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
