package dev.framealloc.memory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bump fast path at its edges: the block's last byte, requests whose end passes 2^63 or 2^64, zero-byte
 * requests, the count the overlay shows, and zero heap garbage measured exactly.
 */
class ArenaFastPathTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static MemoryArena arena(long blockSize) {
        return MemoryArena.builder().blockSize(blockSize).checked(false).build();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 16, 64})
    void servesTheBlocksLastByteAndGrowsOneByteLater(long alignment) {
        try (MemoryArena arena = arena(4096)) {
            long first = arena.allocateAddress(4096 - alignment, 1);
            long last = arena.allocateAddress(alignment, alignment);
            assertEquals(first + 4096 - alignment, last);
            assertEquals(4096, arena.usedBytes());
            assertEquals(0, arena.growthCount(), "the request ends exactly at the block's end");
            long zero = arena.allocateAddress(0, 1);
            assertEquals(first + 4096, zero, "an empty request at the end takes no room");
            assertEquals(0, arena.growthCount());
            arena.allocateAddress(1, 1);
            assertEquals(1, arena.growthCount());
        }
    }

    @Test
    void sendsARequestThatPaddingPushesPastTheEndToANewBlock() {
        try (MemoryArena arena = arena(4096)) {
            long first = arena.allocateAddress(4000, 1);
            long aligned = arena.allocateAddress(65, 64); // fits unpadded (4000 + 65 <= 4096), not from 4032
            assertEquals(0, aligned % 64);
            assertEquals(1, arena.growthCount());
            assertTrue(aligned < first || aligned >= first + 4096, "in the new block");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE - 64, Long.MAX_VALUE / 2 + 1, 1L << 62, 4097})
    void refusesRequestsWhoseEndWouldWrapAndChangesNothing(long byteSize) {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).maxBytes(4096).checked(false).build()) {
            long kept = arena.allocateAddress(100, 16);
            long used = arena.usedBytes();
            ArenaExhaustedException e = assertThrows(ArenaExhaustedException.class,
                    () -> arena.allocateAddress(byteSize, 16));
            assertEquals(byteSize, e.requestedBytes());
            assertEquals(used, arena.usedBytes());
            assertEquals(1, arena.allocationCount());
            assertEquals(kept + 100, arena.allocateAddress(1, 1), "the bump pointer did not move");
        }
    }

    @Test
    void refusesAnAlignmentNoBlockCanMeetAndChangesNothing() {
        try (MemoryArena arena = arena(4096)) {
            arena.allocateAddress(8, 8);
            assertThrows(ArenaExhaustedException.class, () -> arena.allocateAddress(1, 1L << 62));
            assertThrows(ArenaExhaustedException.class, () -> arena.allocate(1, 1L << 62));
            assertEquals(8, arena.usedBytes());
            assertEquals(1, arena.allocationCount());
        }
    }

    @Test
    void segmentPathChecksLikeTheAddressPath() {
        try (MemoryArena arena = MemoryArena.builder().name("seg").blockSize(4096).checked(false).build()) {
            MemorySegment a = arena.allocate(4000, 16);
            MemorySegment b = arena.allocate(96, 1);
            assertEquals(a.address() + 4000, b.address());
            assertEquals(96, b.byteSize());
            assertEquals(0, arena.growthCount());
            MemorySegment c = arena.allocate(8, 8); // grows
            assertEquals(1, arena.growthCount());
            c.set(ValueLayout.JAVA_LONG, 0, 42);
            MemoryArenaTest.assertMessage("byteSize=-1 is negative", () -> arena.allocate(-1, 8));
            MemoryArenaTest.assertMessage("byteAlignment=3 must be a positive power of two", () -> arena.allocate(8, 3));
            assertEquals(3, arena.allocationCount());
            arena.close();
            MemoryArenaTest.assertMessage("cannot allocate arena 'seg': it is closed", () -> arena.allocate(8, 8));
            MemoryArenaTest.assertMessage("cannot allocate arena 'seg': it is closed", () -> arena.allocate(0, 1));
        }
    }

    @Test
    void countsEveryAllocationOnEveryPathUntilTheReset() {
        try (MemoryArena arena = arena(1024)) {
            arena.allocateAddress(16, 16);          // fast
            arena.allocate(16, 16);                 // fast, segment
            arena.allocateAddress(2000, 16);        // a block of its own
            arena.allocate(ValueLayout.JAVA_INT, 3); // SegmentAllocator's default method
            long mark = arena.mark();
            arena.allocateAddress(0, 1);
            arena.resetTo(mark);
            assertEquals(5, arena.allocationCount(), "resetTo does not lower the count");
            assertEquals(5, arena.stats().allocationCount());
            arena.reset();
            assertEquals(0, arena.allocationCount());
        }
    }

    @Test
    void wrongThreadLeavesThroughTheSameBranchAndChangesNothing() throws Exception {
        try (MemoryArena arena = arena(4096)) {
            arena.allocateAddress(64, 16);
            Throwable t = MemoryArenaTest.runOnOtherThread(() -> arena.allocate(64, 16));
            assertTrue(t instanceof WrongThreadException, String.valueOf(t));
            assertEquals(64, arena.usedBytes());
            assertEquals(1, arena.allocationCount());
        }
    }

    /**
     * Warm-up windows until three in a row measure 0 (bounded), then five measured windows, the smallest of which
     * must be exactly 0. An allocation that recurs (per call, per reset, per scope: each window makes 100,000
     * calls, 97 resets and 293 scopes) shows in every window; a one-time event of the JVM does not. One was seen
     * here: the first time the JIT handles the cold paths of {@code Scope} (the messages of {@code checkOpen},
     * {@code describe} and {@code toString}), the thread allocates 240 bytes, the interned constants of those
     * string concatenations, found with a JVMTI allocation sampler, in one window between the 14th and the 54th.
     */
    @Test
    @Tag("zero-garbage")
    void allocateAddressResetMarksAndScopesAllocateNoHeapMemory() {
        try (MemoryArena arena = arena(1 << 20)) {
            long sink = 0;
            int zeroWindows = 0;
            for (int window = 0; window < 300 && zeroWindows < 3; window++) { // until the JIT is done, bounded
                long before = THREADS.getCurrentThreadAllocatedBytes();
                sink += exercise(arena);
                zeroWindows = THREADS.getCurrentThreadAllocatedBytes() - before == 0 ? zeroWindows + 1 : 0;
            }
            assertEquals(3, zeroWindows, "never reached three allocation-free windows in a row");
            long smallest = Long.MAX_VALUE;
            for (int window = 0; window < 5; window++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                sink += exercise(arena);
                smallest = Math.min(smallest, THREADS.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, smallest, "heap bytes allocated by 100,000 allocations with resets, marks and scopes,"
                    + " in the best of five windows (sink " + sink + ")");
        }
    }

    private static long exercise(MemoryArena arena) {
        long sink = 0;
        for (int i = 0; i < 100_000; i++) {
            sink += arena.allocateAddress(16 + (i & 63), 1L << (i & 6));
            if ((i & 1023) == 1023) {
                arena.reset();
            } else if ((i & 255) == 0) {
                long mark = arena.mark();
                try (MemoryArena.Scope scope = arena.scope()) {
                    sink += scope.allocateAddress(64, 8);
                }
                arena.resetTo(mark);
            }
        }
        arena.reset();
        return sink;
    }
}
