package dev.framealloc.memory;

import dev.framealloc.memory.internal.AllocationLedger;
import dev.framealloc.memory.internal.CheckedMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checked mode turns each lifetime bug into an exception at the line that makes it. */
class CheckedModeTest {
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /** The suite may run with -Ddev.framealloc.checked=true: a test that changes the property must put it back. */
    private String checkedPropertyBefore;

    @BeforeEach
    void rememberCheckedProperty() {
        checkedPropertyBefore = System.getProperty(CheckedMode.CHECKED_PROPERTY);
    }

    @AfterEach
    void checkedPropertyIsAsBefore() {
        assertEquals(checkedPropertyBefore, System.getProperty(CheckedMode.CHECKED_PROPERTY),
                "-D" + CheckedMode.CHECKED_PROPERTY + " after the test; later tests would run in another mode");
    }

    private static MemoryArena checkedArena(String name) {
        return MemoryArena.builder().name(name).blockSize(4096).checked(true).build();
    }

    @Test
    void segmentsDieAtResetAndSayWhereTheyCameFrom() {
        try (MemoryArena arena = checkedArena("ui")) {
            MemorySegment segment = arena.allocate(64, 16);
            segment.set(ValueLayout.JAVA_INT, 0, 7);
            arena.reset();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_INT, 0));
            assertEquals("Already closed", e.getMessage());
            assertEquals("allocated from MemoryArena 'ui' in generation 0; its lifetime ended at reset #1",
                    MemoryArena.describe(segment));
            MemorySegment fresh = arena.allocate(64, 16);
            fresh.set(ValueLayout.JAVA_INT, 0, 1); // the new generation works
            assertEquals("allocated from MemoryArena 'ui' in generation 1 (still live)", MemoryArena.describe(fresh));
        }
    }

    @Test
    void segmentsDieAtResetToPastThemButOlderOnesLive() {
        try (MemoryArena arena = checkedArena("marks")) {
            MemorySegment before = arena.allocate(16, 16);
            long mark = arena.mark();
            MemorySegment after = arena.allocate(16, 16);
            arena.resetTo(mark);
            assertThrows(IllegalStateException.class, () -> after.get(ValueLayout.JAVA_BYTE, 0));
            assertTrue(MemoryArena.describe(after).endsWith("its lifetime ended at resetTo(mark=" + mark + ")"));
            before.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            MemoryArena.Scope scope = arena.scope();
            MemorySegment inScope = scope.allocate(8, 8);
            scope.close();
            assertThrows(IllegalStateException.class, () -> inScope.get(ValueLayout.JAVA_BYTE, 0));
            IllegalStateException doubleClose = assertThrows(IllegalStateException.class, scope::close);
            assertEquals("closed scope of arena 'marks' is already closed (its mark was released by a reset(), resetTo()"
                    + " or an outer scope's close)", doubleClose.getMessage());
            assertEquals(0, arena.liveMarkCount(), "the refused close changed nothing");
            before.set(ValueLayout.JAVA_BYTE, 0, (byte) 2); // memory from before the scope is still live
        }
    }

    @Test
    void segmentsDieAtClose() {
        MemoryArena arena = checkedArena("closing");
        MemorySegment segment = arena.allocate(16, 16);
        arena.close();
        assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals("allocated from MemoryArena 'closing' in generation 0; its lifetime ended at close() of arena 'closing'",
                MemoryArena.describe(segment));
    }

    @Test
    void frameSegmentsLiveUntilTheirArenaIsReusedAndNameTheFrame() {
        try (FrameArenas frames = FrameArenas.builder().name("fx").frameCount(3).checked(true).build()) {
            MemorySegment frame1 = frames.beginFrame().allocate(32, 16);
            frames.beginFrame();
            frames.beginFrame();
            frame1.set(ValueLayout.JAVA_INT, 0, 5); // frames 2 and 3: still valid
            frames.beginFrame();                     // frame 4 reuses frame 1's arena
            assertThrows(IllegalStateException.class, () -> frame1.get(ValueLayout.JAVA_INT, 0));
            assertEquals("allocated from MemoryArena 'fx[0]' in frame 1; its lifetime ended at beginFrame() of frame 4",
                    MemoryArena.describe(frame1));
        }
    }

    @Test
    void reportsAnOverrunNamingTheAllocationAndStaysClosable() {
        MemoryArena arena = checkedArena("overrun");
        arena.allocateAddress(100, 16); // 100 bytes + 16 guard bytes: the next 8-aligned offset is 120
        long victim = arena.allocateAddress(40, 8);
        ALL.set(ValueLayout.JAVA_BYTE, victim + 40 + 3, (byte) 0); // writes 4 bytes past the end
        GuardViolationException e = assertThrows(GuardViolationException.class, arena::reset);
        assertEquals("buffer overrun in arena 'overrun': allocation index=1 size=40 offset=120 address=0x"
                + Long.toHexString(victim) + ": guard byte 3 past its end was overwritten (enable allocation-site"
                + " tracking to see where it was allocated)", e.getMessage());
        assertEquals(0, arena.usedBytes(), "the reset still completed");
        arena.allocateAddress(8, 8);
        arena.close();
        assertTrue(arena.isClosed());
    }

    @Test
    void theLedgerGrowsPast256AllocationsAndStillNamesTheOverrunAndItsSite() {
        MemoryArena arena = MemoryArena.builder().name("many").blockSize(1 << 16).checked(true)
                .trackAllocationSites(true).build();
        long last = 0;
        for (int i = 0; i < 600; i++) { // the ledger starts with room for 256 entries and doubles twice
            last = arena.allocateAddress(8, 8);
        }
        ALL.set(ValueLayout.JAVA_BYTE, last + 8, (byte) 1);
        GuardViolationException e = assertThrows(GuardViolationException.class, arena::reset);
        assertTrue(e.getMessage().startsWith("buffer overrun in arena 'many': allocation index=599 size=8 offset="
                + 599 * 24 + " address=0x" + Long.toHexString(last) + ": guard byte 0 past its end was overwritten;"
                + " allocated at dev.framealloc.memory.CheckedModeTest.theLedgerGrowsPast256AllocationsAndStillNamesThe"
                + "OverrunAndItsSite(CheckedModeTest.java:"), e.getMessage());
        arena.close();
    }

    @Test
    void closingFrameArenasClosesEveryArenaThenReportsTheFirstOverrun() {
        FrameArenas frames = FrameArenas.builder().name("fo").frameCount(2).blockSize(4096).checked(true)
                .trackAllocationSites(true).build();
        MemoryArena first = frames.beginFrame();
        long a = first.allocateAddress(16, 8);
        MemoryArena second = frames.beginFrame();
        long b = second.allocateAddress(16, 8);
        ALL.set(ValueLayout.JAVA_BYTE, a + 16, (byte) 1);
        ALL.set(ValueLayout.JAVA_BYTE, b + 16, (byte) 1);
        GuardViolationException e = assertThrows(GuardViolationException.class, frames::close);
        assertTrue(e.getMessage().startsWith("buffer overrun in arena 'fo[0]': allocation index=0"), e.getMessage());
        assertTrue(e.getMessage().contains("; allocated at dev.framealloc.memory.CheckedModeTest.closingFrameArenas"
                + "ClosesEveryArenaThenReportsTheFirstOverrun(CheckedModeTest.java:"), e.getMessage());
        assertTrue(first.isClosed() && second.isClosed(), "both arenas were closed before the report");
        frames.close(); // closed: a second close does nothing
    }

    @Test
    void namesTheAllocatingFrameWithSiteTracking() {
        MemoryArena arena = MemoryArena.builder().name("sites").checked(true).trackAllocationSites(true).build();
        long address = arena.allocateAddress(8, 8);
        ALL.set(ValueLayout.JAVA_BYTE, address + 8, (byte) 1);
        GuardViolationException e = assertThrows(GuardViolationException.class, arena::close);
        assertTrue(e.getMessage().contains("; allocated at dev.framealloc.memory.CheckedModeTest.namesTheAllocatingFrameWithSiteTracking(CheckedModeTest.java:"),
                e.getMessage());
        assertTrue(arena.isClosed(), "close freed the memory before reporting");
        arena.close();
    }

    @Test
    void findsAnOverrunAtResetToAndScopeClose() {
        try (MemoryArena arena = checkedArena("nested")) {
            long mark = arena.mark();
            long a = arena.allocateAddress(16, 16);
            ALL.set(ValueLayout.JAVA_LONG_UNALIGNED, a + 12, -1L);
            assertThrows(GuardViolationException.class, () -> arena.resetTo(mark));
            assertEquals(0, arena.liveMarkCount());
            MemoryArena.Scope scope = arena.scope();
            long b = scope.allocateAddress(1, 1);
            ALL.set(ValueLayout.JAVA_BYTE, b + 1, (byte) 0);
            assertThrows(GuardViolationException.class, scope::close);
            assertEquals(0, arena.liveMarkCount());
        }
    }

    @Test
    void poisonsReleasedMemory() {
        try (MemoryArena arena = checkedArena("poison")) {
            long address = arena.allocateAddress(32, 16);
            ALL.asSlice(address, 32).fill((byte) 1);
            arena.reset();
            for (int i = 0; i < 32 + AllocationLedger.GUARD_BYTES; i++) {
                assertEquals(AllocationLedger.POISON_PATTERN, ALL.get(ValueLayout.JAVA_BYTE, address + i));
            }
        }
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(32).checked(true).build()) {
            long h = slab.allocate();
            long address = slab.address(h);
            ALL.asSlice(address, 32).fill((byte) 1);
            slab.free(h);
            for (int i = 8; i < 32; i++) { // the first 8 bytes hold the free-list link
                assertEquals(AllocationLedger.POISON_PATTERN, ALL.get(ValueLayout.JAVA_BYTE, address + i));
            }
        }
    }

    @Test
    void uncheckedModeDoesNotPoison() {
        try (MemoryArena arena = MemoryArena.builder().checked(false).build()) {
            long address = arena.allocateAddress(32, 16);
            ALL.asSlice(address, 32).fill((byte) 1);
            arena.reset();
            assertEquals(1, ALL.get(ValueLayout.JAVA_BYTE, address + 31));
        }
    }

    @Test
    void freedSlabSegmentsBecomeInaccessible() {
        try (SlabAllocator slab = SlabAllocator.builder().name("ents").checked(true).build()) {
            long h = slab.allocate();
            MemorySegment segment = slab.segment(h);
            segment.set(ValueLayout.JAVA_INT, 8, 3);
            slab.free(h);
            assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_INT, 8));
            assertEquals("allocated from SlabAllocator 'ents' in slot 0 generation 1; its lifetime ended at free of slot 0",
                    MemoryArena.describe(segment));
            long reused = slab.allocate();
            assertThrows(IllegalStateException.class, () -> slab.segment(h), "stale handle");
            slab.segment(reused).set(ValueLayout.JAVA_INT, 8, 4);
        }
    }

    @Test
    void scopesClosedOutOfOrderThrowNamingBoth() {
        try (MemoryArena arena = checkedArena("lifo")) {
            MemoryArena.Scope outer = arena.scope();
            MemoryArena.Scope inner = arena.scope();
            IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
            assertTrue(e.getMessage().contains("closing " + outer + " while " + inner + ", opened inside it, is still open"),
                    e.getMessage());
            inner.close();
            outer.close();
            assertThrows(IllegalStateException.class, inner::close, "checked scopes are never pooled, so a double close is caught");
        }
    }

    @Test
    void systemPropertyTurnsCheckedModeOnForBuildersWithoutTheOption() {
        try {
            System.setProperty(CheckedMode.CHECKED_PROPERTY, "true");
            try (MemoryArena arena = MemoryArena.create(4096);
                 SlabAllocator slab = SlabAllocator.create(16, 16);
                 FrameArenas frames = FrameArenas.create(2, 4096);
                 MemoryArena explicit = MemoryArena.builder().checked(false).build()) {
                assertTrue(arena.isChecked());
                assertTrue(slab.isChecked());
                assertTrue(frames.beginFrame().isChecked());
                assertFalse(explicit.isChecked(), "the builder option wins");
            }
            System.setProperty(CheckedMode.CHECKED_PROPERTY, "false");
            try (MemoryArena arena = MemoryArena.create(4096);
                 MemoryArena explicit = MemoryArena.builder().checked(true).build()) {
                assertFalse(arena.isChecked());
                assertTrue(explicit.isChecked(), "the builder option wins");
            }
        } finally {
            restoreProperty(CheckedMode.CHECKED_PROPERTY, checkedPropertyBefore);
        }
    }

    private static void restoreProperty(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    @Test
    void reportsLeakedAllocatorsWithNameAndCreationSite() throws Exception {
        Logger logger = Logger.getLogger("dev.framealloc.memory");
        List<String> messages = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (messages) {
                    messages.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            int open = MemoryArena.openCount();
            leakAnArena();
            String expected = "MemoryArena 'leaky' leaked: it became unreachable without close(); 4,096 native bytes freed"
                    + " by the cleaner. Created at dev.framealloc.memory.CheckedModeTest.leakAnArena(CheckedModeTest.java:";
            // Wait for this arena's own report: other tests' garbage may be cleaned meanwhile, so openCount alone
            // does not tell that ours was.
            boolean reported = false;
            for (int i = 0; i < 250 && !reported; i++) {
                System.gc();
                Thread.sleep(20);
                synchronized (messages) {
                    reported = messages.stream().anyMatch(m -> m.startsWith(expected));
                }
            }
            assertTrue(reported, "no leak report for 'leaky' in " + messages);
            assertTrue(MemoryArena.openCount() <= open, "the cleaner closed it");
        } finally {
            logger.removeHandler(handler);
        }
    }

    private static void leakAnArena() {
        MemoryArena.builder().name("leaky").blockSize(4096).build().allocateAddress(16, 16);
    }
}
