package dev.framealloc.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryArenaTest {

    @Test
    void reportsItsSettingsResetCountAndDefaultAlignedAddresses() {
        try (MemoryArena arena = MemoryArena.builder().name("cfg").blockSize(8192).maxBytes(65536).defaultAlignment(32)
                .checked(false).build()) {
            assertEquals(8192, arena.blockSize());
            assertEquals(65536, arena.maxBytes());
            assertEquals(32, arena.defaultAlignment());
            long first = arena.allocateAddress(40);
            assertTrue(first != 0 && first % 32 == 0, "aligned to the default alignment: " + first);
            assertEquals(first + 64, arena.allocateAddress(1), "40 bytes rounded up to the next multiple of 32");
            assertEquals(0, arena.resetCount());
            arena.reset();
            arena.reset();
            assertEquals(2, arena.resetCount());
            arena.allocateAddress(100, 8);
            assertEquals("MemoryArena[name=cfg, used=100, capacity=8192, blocks=1]", arena.toString());
        }
        MemoryArena checked = MemoryArena.builder().name("c").blockSize(4096).checked(true).build();
        checked.close();
        assertEquals("MemoryArena[name=c, used=0, capacity=0, blocks=0, checked, closed]", checked.toString());
    }

    @Test
    void alignsEveryPowerOfTwoFrom1To4096() {
        try (MemoryArena arena = MemoryArena.create(64 * 1024)) {
            for (long alignment = 1; alignment <= 4096; alignment <<= 1) {
                arena.allocateAddress(1, 1); // knock the cursor off alignment
                long address = arena.allocateAddress(24, alignment);
                assertEquals(0, address % alignment, "alignment=" + alignment);
                MemorySegment segment = arena.allocate(24, alignment);
                assertEquals(0, segment.address() % alignment, "segment alignment=" + alignment);
                assertEquals(24, segment.byteSize());
            }
        }
    }

    @Test
    void fillsABlockExactlyToItsEndWithoutGrowing() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).build()) {
            long first = arena.allocateAddress(4000, 16);
            long last = arena.allocateAddress(96, 1);
            assertEquals(first + 4000, last);
            assertEquals(4096, arena.usedBytes());
            assertEquals(0, arena.growthCount());
            assertEquals(1, arena.stats().blockCount());
        }
    }

    @Test
    void chainsANewBlockWhenOneByteDoesNotFit() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).build()) {
            arena.allocateAddress(4000, 16);
            arena.allocateAddress(97, 1);
            assertEquals(1, arena.growthCount());
            assertEquals(2, arena.stats().blockCount());
            assertEquals(8192, arena.capacityBytes());
            assertEquals(4096 + 97, arena.usedBytes());
            assertEquals(96, arena.stats().wastedBytes(), "the abandoned tail counts as waste");
        }
    }

    @Test
    void givesAnOversizedRequestABlockOfItsOwnAndNeverTruncates() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).build()) {
            arena.allocateAddress(16, 16); // the first block holds something, so it stays
            MemorySegment big = arena.allocate(100_000, 64);
            assertEquals(100_000, big.byteSize());
            big.fill((byte) 7);
            assertEquals(7, big.get(ValueLayout.JAVA_BYTE, 99_999));
            assertEquals(4096 + 100_000, arena.capacityBytes());
            assertEquals(0, big.address() % 64);
        }
    }

    @Test
    void resetAfterGrowthConsolidatesIntoOneBlockAndNeverGrowsAgain() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).build()) {
            for (int i = 0; i < 100; i++) {
                arena.allocateAddress(1000, 16);
            }
            long growthBefore = arena.growthCount();
            assertTrue(growthBefore > 0);
            long peak = arena.peakBytes();
            arena.reset();
            ArenaStats afterReset = arena.stats();
            assertEquals(1, afterReset.blockCount());
            assertTrue(afterReset.capacityBytes() >= peak, "capacity " + afterReset.capacityBytes() + " >= peak " + peak);
            assertEquals(0, afterReset.usedBytes());
            for (int frame = 0; frame < 50; frame++) {
                for (int i = 0; i < 100; i++) {
                    arena.allocateAddress(1000, 16);
                }
                arena.reset();
            }
            assertEquals(growthBefore, arena.growthCount(), "a steady workload must not grow after consolidation");
            assertEquals(1, arena.stats().blockCount());
        }
    }

    @Test
    void resetKeepsPeakAndCountsResets() {
        try (MemoryArena arena = MemoryArena.create(4096)) {
            arena.allocateAddress(1000, 8);
            arena.reset();
            arena.allocateAddress(10, 8);
            ArenaStats stats = arena.stats();
            assertEquals(1000, stats.peakBytes());
            assertEquals(10, stats.usedBytes());
            assertEquals(1, stats.allocationCount());
            assertEquals(1, stats.resetCount());
        }
    }

    @Test
    void throwsExhaustedWithValuesAndKeepsEarlierAllocations() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(8192).maxBytes(16384).name("capped").build()) {
            MemorySegment kept = arena.allocate(8000, 16);
            kept.fill((byte) 42);
            arena.allocateAddress(8000, 16); // second block: capacity 16384
            ArenaExhaustedException e = assertThrows(ArenaExhaustedException.class, () -> arena.allocateAddress(3000, 16));
            assertEquals("arena 'capped' exhausted: requested=3000 alignment=16 used=16192 capacity=16384 max=16384",
                    e.getMessage());
            assertEquals(3000, e.requestedBytes());
            assertEquals(16384, e.maxBytes());
            assertEquals(42, kept.get(ValueLayout.JAVA_BYTE, 7999), "earlier allocation intact");
            assertEquals(16192, arena.usedBytes(), "a refused call changes nothing");
            arena.allocateAddress(100, 16); // still usable: fits in the current block's tail
        }
    }

    @Test
    void rejectsBadArgumentsNamingTheValueAndLosesNothing() {
        try (MemoryArena arena = MemoryArena.create(4096)) {
            long before = arena.allocateAddress(64, 16);
            MemorySegment.ofAddress(before).reinterpret(64).fill((byte) 5);
            long used = arena.usedBytes();
            assertMessage("byteSize=-1 is negative", () -> arena.allocateAddress(-1, 16));
            assertMessage("byteAlignment=0 must be a positive power of two", () -> arena.allocateAddress(8, 0));
            assertMessage("byteAlignment=-8 must be a positive power of two", () -> arena.allocate(8, -8));
            assertMessage("byteAlignment=12 must be a positive power of two", () -> arena.allocateZeroed(8, 12));
            assertMessage("byteSize=9223372036854775807 plus byteAlignment=16 overflows a long",
                    () -> arena.allocateAddress(Long.MAX_VALUE, 16));
            assertMessage("byteSize=9223372036854775800 plus byteAlignment=4096 overflows a long",
                    () -> arena.allocate(Long.MAX_VALUE - 7, 4096));
            assertEquals(used, arena.usedBytes());
            assertEquals(5, MemorySegment.ofAddress(before).reinterpret(64).get(ValueLayout.JAVA_BYTE, 63));
        }
    }

    @Test
    void rejectsBadBuilderValues() {
        assertMessage("blockSize=0 must be positive", () -> MemoryArena.create(0));
        assertMessage("blockSize=-5 must be positive", () -> MemoryArena.builder().blockSize(-5));
        assertMessage("maxBytes=0 must be positive", () -> MemoryArena.builder().maxBytes(0));
        assertMessage("defaultAlignment=3 must be a positive power of two", () -> MemoryArena.builder().defaultAlignment(3));
        assertMessage("name=\" \" must not be blank", () -> MemoryArena.builder().name(" "));
        assertMessage("blockSize=8192 exceeds maxBytes=4096", () -> MemoryArena.builder().blockSize(8192).maxBytes(4096).build());
    }

    @Test
    void allocatesZeroedMemoryAndTypedArrays() {
        try (MemoryArena arena = MemoryArena.create(4096)) {
            MemorySegment dirty = arena.allocate(256, 16);
            dirty.fill((byte) 0x55);
            arena.reset();
            MemorySegment zeroed = arena.allocateZeroed(256, 16);
            for (long i = 0; i < 256; i++) {
                assertEquals(0, zeroed.get(ValueLayout.JAVA_BYTE, i));
            }
            MemorySegment floats = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f, 2f, 3f);
            assertEquals(3f, floats.getAtIndex(ValueLayout.JAVA_FLOAT, 2));
            MemorySegment ints = arena.allocate(ValueLayout.JAVA_INT, 10);
            assertEquals(40, ints.byteSize());
            assertEquals(0, arena.allocate(100).address() % 16, "one-argument allocate uses the default alignment");
        }
    }

    @Test
    void marksReleaseInStackOrder() {
        try (MemoryArena arena = MemoryArena.create(4096)) {
            arena.allocateAddress(100, 1);
            long outer = arena.mark();
            long a = arena.allocateAddress(200, 1);
            long inner = arena.mark();
            arena.allocateAddress(300, 1);
            arena.resetTo(inner);
            assertEquals(300, arena.usedBytes());
            assertEquals(a + 200, arena.allocateAddress(1, 1), "memory after the mark is reused");
            arena.resetTo(outer);
            assertEquals(100, arena.usedBytes());
            assertEquals(0, arena.liveMarkCount());
        }
    }

    @Test
    void rejectsAMarkAheadOfTheCurrentPosition() {
        try (MemoryArena arena = MemoryArena.create(4096)) {
            long outer = arena.mark();
            arena.allocateAddress(100, 1);
            long inner = arena.mark();
            arena.resetTo(outer);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> arena.resetTo(inner));
            assertTrue(e.getMessage().startsWith("mark=" + inner + " is not live in arena 'arena'"), e.getMessage());
            assertMessage("mark=0 is not a mark: marks are positive tokens from mark()", () -> arena.resetTo(0));
        }
    }

    @Test
    void rejectsAMarkFromBeforeAReset() {
        try (MemoryArena arena = MemoryArena.create(4096)) {
            long mark = arena.mark();
            arena.reset();
            assertThrows(IllegalStateException.class, () -> arena.resetTo(mark));
        }
    }

    @Test
    void resetToWalksBackAcrossBlocks() {
        try (MemoryArena arena = MemoryArena.builder().blockSize(1024).build()) {
            arena.allocateAddress(512, 16);
            long mark = arena.mark();
            long first = arena.allocateAddress(400, 16);
            arena.allocateAddress(1000, 16); // new block
            arena.allocateAddress(1000, 16); // another
            arena.resetTo(mark);
            assertEquals(512, arena.usedBytes());
            assertEquals(first, arena.allocateAddress(400, 16));
            long growth = arena.growthCount();
            arena.allocateAddress(1000, 16); // reuses the next block, no new reservation
            assertEquals(growth, arena.growthCount());
        }
    }

    @Test
    void refusesResetToPastAnOpenScope() {
        try (MemoryArena arena = MemoryArena.builder().name("x").build()) {
            long mark = arena.mark();
            MemoryArena.Scope scope = arena.scope();
            assertMessage("resetTo(mark=" + mark + ") in arena 'x' would release " + scope
                    + ", which is still open; close the scope instead", () -> arena.resetTo(mark));
            scope.close();
            arena.resetTo(mark);
        }
    }

    @Test
    void refusesAllocationThroughAClosedScope() {
        try (MemoryArena arena = MemoryArena.builder().name("s").build()) {
            MemoryArena.Scope scope = arena.scope();
            scope.close();
            assertMessage("cannot allocate through a closed scope of arena 's'", () -> scope.allocateAddress(8, 8));
            assertMessage("cannot allocate through a closed scope of arena 's'", () -> scope.allocate(8, 8));
            assertEquals(0, arena.usedBytes());
        }
    }

    @Test
    void rejectsMemoryThatIsNotNative() {
        MemorySegment heap = MemorySegment.ofArray(new byte[64]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryArena.builder().memory(heap));
        assertTrue(e.getMessage().startsWith("memory=") && e.getMessage().endsWith(" must be a non-empty native segment"));
        assertMessage("memory=null must be a non-empty native segment", () -> MemoryArena.builder().memory(null));
        assertMessage("name=null must not be blank", () -> MemoryArena.builder().name(null));
    }

    @Test
    void scopesNestAndReleaseOnClose() {
        try (MemoryArena arena = MemoryArena.create(4096)) {
            try (MemoryArena.Scope outer = arena.scope()) {
                outer.allocateAddress(100, 1);
                try (MemoryArena.Scope inner = arena.scope()) {
                    inner.allocate(200, 1);
                    assertEquals(300, arena.usedBytes());
                }
                assertEquals(100, arena.usedBytes());
            }
            assertEquals(0, arena.usedBytes());
            assertEquals(0, arena.liveMarkCount());
        }
    }

    @Test
    void rejectsScopesClosedOutOfOrderNamingBoth() {
        try (MemoryArena arena = MemoryArena.builder().name("ooo").build()) {
            MemoryArena.Scope outer = arena.scope();
            MemoryArena.Scope inner = arena.scope();
            IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
            assertTrue(e.getMessage().startsWith("scopes closed out of order in arena 'ooo': closing scope #1 (depth 0)"
                    + " of arena 'ooo' while scope #2 (depth 1) of arena 'ooo', opened inside it, is still open"), e.getMessage());
            inner.close();
            outer.close();
            assertThrows(IllegalStateException.class, outer::close, "double close");
        }
    }

    @Test
    void closeFreesMemoryIsIdempotentAndInvalidatesSegments() {
        MemoryArena arena = MemoryArena.create(4096);
        MemorySegment segment = arena.allocate(64, 16);
        segment.set(ValueLayout.JAVA_INT, 0, 1);
        int open = MemoryArena.openCount();
        arena.close();
        arena.close();
        assertTrue(MemoryArena.openCount() <= open - 1, "close() counts the arena out"); // a cleaner may run meanwhile
        assertTrue(arena.isClosed());
        assertEquals(0, arena.capacityBytes());
        assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_INT, 0));
        assertMessage("cannot allocate arena 'arena': it is closed", () -> arena.allocateAddress(8, 8));
        assertMessage("cannot allocate arena 'arena': it is closed", () -> arena.allocateAddress(0, 1));
        assertMessage("cannot reset arena 'arena': it is closed", arena::reset);
        assertMessage("cannot mark arena 'arena': it is closed", arena::mark);
    }

    @Test
    void confinesAllocationToTheOwnerThread() throws Exception {
        try (MemoryArena arena = MemoryArena.builder().name("confined").build()) {
            for (Runnable misuse : new Runnable[] {
                    () -> arena.allocateAddress(8, 8), () -> arena.allocate(8, 8), arena::reset, arena::mark,
                    arena::scope, arena::close}) {
                Throwable thrown = runOnOtherThread(misuse);
                assertInstanceOf(WrongThreadException.class, thrown);
                assertTrue(thrown.getMessage().startsWith("cannot "), thrown.getMessage());
                assertTrue(thrown.getMessage().contains("arena 'confined' from thread"), thrown.getMessage());
            }
            assertFalse(arena.isClosed());
            arena.allocateAddress(8, 8);
        }
    }

    @Test
    void letsOtherThreadsReadTheMemory() throws Exception {
        try (MemoryArena arena = MemoryArena.create(4096)) {
            MemorySegment segment = arena.allocate(ValueLayout.JAVA_LONG, 1);
            segment.set(ValueLayout.JAVA_LONG, 0, 123456789L);
            long read = CompletableFuture.supplyAsync(() -> segment.get(ValueLayout.JAVA_LONG, 0)).get();
            assertEquals(123456789L, read);
        }
    }

    @Test
    void allocatesFromCallerProvidedMemoryWithoutGrowing() {
        try (java.lang.foreign.Arena owner = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment region = owner.allocate(1024, 64);
            try (MemoryArena arena = MemoryArena.builder().memory(region).name("mapped").build()) {
                long a = arena.allocateAddress(1000, 16);
                assertEquals(region.address(), a);
                ArenaExhaustedException e = assertThrows(ArenaExhaustedException.class, () -> arena.allocateAddress(100, 16));
                assertTrue(e.getMessage().endsWith("(the arena's memory is fixed (caller-provided))"), e.getMessage());
                arena.reset();
                assertEquals(a, arena.allocateAddress(8, 16));
            }
            region.set(ValueLayout.JAVA_BYTE, 0, (byte) 1); // still the caller's, still alive
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 4095, 4096, 4097})
    void usedBytesCountPaddingWhichOnlyCheckedModeRecordsAsWaste(long size) {
        long padding = (64 - size % 64) % 64;
        try (MemoryArena arena = MemoryArena.builder().blockSize(1 << 16).checked(false).build()) {
            arena.allocateAddress(size, 1);
            arena.allocateAddress(8, 64);
            ArenaStats stats = arena.stats();
            assertEquals(size + padding + 8, stats.usedBytes());
            assertEquals(0, stats.wastedBytes(), "the unchecked fast path records no padding");
            assertEquals(0.0, stats.fragmentationRatio());
        }
        try (MemoryArena arena = MemoryArena.builder().blockSize(1 << 16).checked(true).build()) {
            arena.allocateAddress(size, 1);
            arena.allocateAddress(8, 64);
            ArenaStats stats = arena.stats();
            long guards = 16;
            long checkedPadding = (64 - (size + guards) % 64) % 64;
            assertEquals(size + guards + checkedPadding + 8 + guards, stats.usedBytes());
            assertEquals(checkedPadding + 2 * guards, stats.wastedBytes(), "checked mode records padding and guards");
            assertEquals((double) (checkedPadding + 2 * guards) / stats.usedBytes(), stats.fragmentationRatio(), 1e-12);
        }
    }

    static Throwable runOnOtherThread(Runnable action) throws InterruptedException, ExecutionException {
        return CompletableFuture.supplyAsync(() -> {
            try {
                action.run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }).get();
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        Throwable t = assertThrows(RuntimeException.class, call);
        assertEquals(expected, t.getMessage());
    }
}
