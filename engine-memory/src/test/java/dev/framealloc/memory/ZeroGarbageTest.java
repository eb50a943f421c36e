package dev.framealloc.memory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hot paths allocate no heap memory: each test warms its path until {@link HeapProbe#WARM_WINDOWS} consecutive
 * windows measure exactly 0 heap bytes, then asserts exactly 0 bytes in every measured window ({@link HeapProbe}).
 * No budget.
 */
@Tag("zero-garbage")
class ZeroGarbageTest {
    /** Windows measured after warm-up: 1,000,000 allocations or 10,000 frames. */
    private static final int MEASURED_WINDOWS = 10;
    private static final int CALLS_PER_WINDOW = 100_000;
    private static final int FRAMES_PER_WINDOW = 1_000;

    private final MemoryArena arena = MemoryArena.builder().blockSize(1 << 20).checked(false).build();
    private final FrameArenas frames = FrameArenas.builder().blockSize(1 << 16).checked(false).build();
    private final SlabAllocator slab = SlabAllocator.builder().slotSize(48).slotsPerSlab(1024).checked(false).build();
    private final long[] handles = new long[64];
    /** Results are summed here so the JIT cannot drop the calls. */
    private long sink;

    @AfterEach
    void close() {
        arena.close();
        frames.close();
        slab.close();
    }

    @Test
    void allocateAddressAndResetAllocateNothing() {
        HeapProbe.assertZeroOnceWarm(CALLS_PER_WINDOW + " allocateAddress calls with a reset every 1,024", CALLS_PER_WINDOW, () -> {
            for (int i = 0; i < CALLS_PER_WINDOW; i++) {
                sink += arena.allocateAddress(16 + (i & 63), 16);
                if ((i & 1023) == 1023) {
                    arena.reset();
                }
            }
            arena.reset();
        }, MEASURED_WINDOWS);
    }

    @Test
    void aWorkloadLargerThanTheFirstBlockAllocatesNothingOnceConsolidated() {
        // The first window grows a chain of 1 MiB blocks; its reset consolidates them into one block that fits.
        HeapProbe.assertZeroOnceWarm("32 times 3 MiB in 1 KiB allocations and a reset", 32, () -> {
            for (int round = 0; round < 32; round++) {
                for (int i = 0; i < 3 * 1024; i++) {
                    sink += arena.allocateAddress(1024, 64);
                }
                arena.reset();
            }
        }, MEASURED_WINDOWS);
        assertEquals(1, arena.stats().blockCount(), "consolidated into one block");
    }

    @Test
    void marksAndScopesAllocateNothing() {
        HeapProbe.assertZeroOnceWarm(CALLS_PER_WINDOW / 4 + " marks, scopes and resetTo calls", CALLS_PER_WINDOW / 4, () -> {
            for (int i = 0; i < CALLS_PER_WINDOW / 4; i++) {
                long mark = arena.mark();
                sink += arena.allocateAddress(32, 16);
                try (MemoryArena.Scope outer = arena.scope()) {
                    sink += outer.allocateAddress(64, 8);
                    try (MemoryArena.Scope inner = arena.scope()) {
                        sink += inner.allocateAddress(16, 16);
                    }
                }
                arena.resetTo(mark);
            }
        }, MEASURED_WINDOWS);
        assertEquals(0, arena.usedBytes(), "every window released what it allocated");
    }

    @Test
    void beginFrameAndTheFrameStatsAllocateNothing() {
        frames.beginFrame(); // from now on every beginFrame() records a completed frame in the history
        HeapProbe.assertZeroOnceWarm(FRAMES_PER_WINDOW + " frames", FRAMES_PER_WINDOW, () -> {
            for (int f = 0; f < FRAMES_PER_WINDOW; f++) {
                MemoryArena frame = frames.beginFrame();
                sink += frame.allocateAddress(256 + (f & 255), 16);
                FrameStatsHistory history = frames.history();
                sink += frames.usedBytes() + frames.allocationCount() + history.size() + history.maxUsedBytes()
                        + history.usedBytes(history.size() - 1);
            }
        }, MEASURED_WINDOWS);
    }

    @Test
    void slabAllocateAddressAndFreeAllocateNothing() {
        HeapProbe.assertZeroOnceWarm(CALLS_PER_WINDOW + " slab allocate/free pairs", CALLS_PER_WINDOW, () -> {
            for (int i = 0; i < CALLS_PER_WINDOW; i++) {
                int k = i & 63;
                if (handles[k] != 0) {
                    sink += slab.address(handles[k]);
                    slab.free(handles[k]);
                }
                handles[k] = slab.allocate();
            }
        }, MEASURED_WINDOWS);
        assertEquals(64, slab.liveCount());
    }

    @Test
    void scratchScopesAllocateNothing() {
        try {
            HeapProbe.assertZeroOnceWarm(CALLS_PER_WINDOW / 4 + " nested scratch scopes", CALLS_PER_WINDOW / 4, () -> {
                for (int i = 0; i < CALLS_PER_WINDOW / 4; i++) {
                    try (MemoryArena.Scope outer = ScratchArena.scope()) {
                        sink += outer.allocateAddress(128, 16);
                        try (MemoryArena.Scope inner = ScratchArena.scope()) {
                            sink += inner.allocateAddress(32, 8);
                        }
                    }
                }
            }, MEASURED_WINDOWS);
        } finally {
            ScratchArena.release();
        }
    }
}
