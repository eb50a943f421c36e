package dev.framealloc.memory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScratchArenaTest {

    @Test
    void theBlockSizePropertyIsReadWhenAThreadFirstNeedsItsArena() throws Exception {
        String property = ScratchArena.BLOCK_SIZE_PROPERTY;
        try {
            System.setProperty(property, "0");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ScratchArena::arena);
            assertEquals(property + "=0 must be positive", e.getMessage());
            assertFalse(ScratchArena.exists());
            System.setProperty(property, "8192");
            assertEquals(8192, ScratchArena.arena().blockSize());
            assertTrue(ScratchArena.release());
        } finally {
            System.clearProperty(property);
        }
    }

    @BeforeEach
    void startsWithoutAScratchArena() {
        assertFalse(ScratchArena.exists(), "an earlier test left this thread's scratch arena behind");
    }

    /** Frees this thread's scratch arena whatever the test did, so a failure does not leak into the next test. */
    @AfterEach
    void releaseTheScratchArena() {
        if (ScratchArena.exists()) {
            ScratchArena.arena().reset(); // closes the scopes a failed test left open
            ScratchArena.release();
        }
    }

    @Test
    void nestsScopesAndReleasesOnClose() {
        try (MemoryArena.Scope outer = ScratchArena.scope()) {
            outer.allocateAddress(100, 1);
            try (MemoryArena.Scope inner = ScratchArena.scope()) {
                inner.allocateAddress(50, 1);
                assertEquals(150, ScratchArena.arena().usedBytes());
            }
            assertEquals(100, ScratchArena.arena().usedBytes());
        }
        assertEquals(0, ScratchArena.arena().usedBytes());
        assertTrue(ScratchArena.release());
    }

    @Test
    void givesEachThreadItsOwnArena() throws Exception {
        MemoryArena mine = ScratchArena.arena();
        MemoryArena theirs = CompletableFuture.supplyAsync(() -> {
            MemoryArena a = ScratchArena.arena();
            ScratchArena.release();
            return a;
        }).get();
        assertNotSame(mine, theirs);
        assertTrue(theirs.isClosed(), "released by its thread");
        ScratchArena.release();
    }

    @Test
    void releaseFreesTheMemoryAndRefusesWhileAScopeIsOpen() {
        int open = MemoryArena.openCount();
        MemoryArena.Scope scope = ScratchArena.scope();
        assertTrue(ScratchArena.exists());
        IllegalStateException e = assertThrows(IllegalStateException.class, ScratchArena::release);
        assertTrue(e.getMessage().contains("1 scope(s) still open"), e.getMessage());
        scope.close();
        MemoryArena arena = ScratchArena.arena();
        assertTrue(ScratchArena.release());
        assertTrue(arena.isClosed());
        assertFalse(ScratchArena.exists());
        assertFalse(ScratchArena.release());
        assertTrue(MemoryArena.openCount() <= open, "release() closed it"); // a cleaner may lower it further
    }
}
