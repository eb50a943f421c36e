package dev.framealloc.memory.guide;

import dev.framealloc.memory.ArenaExhaustedException;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.FrameStatsHistory;
import dev.framealloc.memory.MemoryArena;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The guide's "Per-frame budgets" section: a capped frame arena refusing a request, and sizing from history. */
class BudgetGuideTest {
    private final List<String> warnings = new ArrayList<>();
    private int decalsDrawn;
    private int decalsSkipped;

    private void warn(String message) {
        warnings.add(message);
    }

    private void drawDecals(long address, long bytes) {
        decalsDrawn++;
    }

    private void skipDecals() {
        decalsSkipped++;
    }

    @Test
    void aRefusedRequestLeavesTheFrameAndItsEarlierAllocationsIntact() {
        long particleBytes = 200 << 10;
        long decalBytes = 2 << 20;
        // tag::budget[]
        FrameArenas frames = FrameArenas.builder()
                .blockSize(256 << 10)   // the usual frame fits in one 256 KiB block
                .maxBytes(1 << 20)      // no frame may reserve more than 1 MiB
                .build();
        // end::budget[]
        try (frames) {
            // tag::budget-exhausted[]
            MemoryArena frame = frames.beginFrame();
            long particles = frame.allocateAddress(particleBytes, 16);
            try {
                long decals = frame.allocateAddress(decalBytes, 16);
                drawDecals(decals, decalBytes);
            } catch (ArenaExhaustedException e) {
                warn(e.getMessage());   // says what was asked for, what is in use, and the cap
                skipDecals();           // particles is intact and the arena still serves requests
            }
            // end::budget-exhausted[]
            assertEquals(List.of("arena 'frame[0]' exhausted: requested=2097152 alignment=16 used=204800"
                    + " capacity=262144 max=1048576"), warnings);
            assertEquals(0, decalsDrawn);
            assertEquals(1, decalsSkipped);
            assertEquals(particleBytes, frame.usedBytes(), "the refused request changed nothing");
            long next = frame.allocateAddress(16, 16);
            assertEquals(particles + particleBytes, next, "the arena goes on where it was");
        }
    }

    @Test
    void theWorstPeakOfTheLastFramesSizesTheBlock() {
        try (FrameArenas frames = FrameArenas.builder().blockSize(64 << 10).build()) {
            for (int f = 1; f <= 300; f++) {
                MemoryArena frame = frames.beginFrame();
                frame.allocateAddress(f == 20 ? 500_000 : 1_000, 16);
                try (MemoryArena.Scope scope = frame.scope()) {
                    scope.allocateAddress(f == 200 ? 90_000 : 2_000, 16); // released before the frame ends
                }
            }
            frames.beginFrame();
            // tag::budget-sizing[]
            FrameStatsHistory history = frames.history();  // the last 256 frames, read without allocating
            long worstPeak = 0;
            for (int i = 0; i < history.size(); i++) {
                worstPeak = Math.max(worstPeak, history.peakBytes(i));
            }
            long blockSize = worstPeak + worstPeak / 4;     // 25% headroom: the usual frame never grows
            // end::budget-sizing[]
            assertEquals(256, history.size());
            assertEquals(45, history.frameNumber(0), "frames 45 to 300; frame 20's 500,000 bytes are forgotten");
            assertEquals(1_008 + 90_000, worstPeak, "frame 200's peak inside a scope counts (1,000 bytes padded to 16)");
            assertEquals(113_760, blockSize);
            assertEquals(1_000, history.maxUsedBytes(), "bytes in use at the frames' ends miss the scope's peak");
        }
    }
}
