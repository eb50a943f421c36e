package dev.framealloc.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.framealloc.memory.MemoryArenaTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameArenasTest {

    @Test
    void previousAndArenaWrapAroundTheRingAndRefuseFramesAgoOutsideIt() {
        try (FrameArenas frames = FrameArenas.builder().name("ring").frameCount(3).blockSize(4096).build()) {
            assertEquals("ring", frames.name());
            assertEquals(0, frames.workerCount());
            MemoryArena f1 = frames.beginFrame();
            MemoryArena beforeFirst = frames.previous(); // frame 0 never ran: the ring's last arena, empty
            assertNotSame(f1, beforeFirst);
            assertEquals(0, beforeFirst.usedBytes());
            assertSame(beforeFirst, frames.arena(1));
            MemoryArena f2 = frames.beginFrame();
            MemoryArena f3 = frames.beginFrame();
            assertSame(beforeFirst, f3, "the ring's last arena serves frame 3");
            MemoryArena f4 = frames.beginFrame(); // back at the ring's first arena
            assertSame(f1, f4);
            assertSame(f3, frames.previous());
            assertSame(f4, frames.arena(0));
            assertSame(f3, frames.arena(1));
            assertSame(f2, frames.arena(2));
            assertMessage("framesAgo=3 not in [0, 3)", () -> frames.arena(3));
            assertMessage("framesAgo=-1 not in [0, 3)", () -> frames.arena(-1));
            assertEquals("FrameArenas[name=ring, frames=3, workers=0, frame=4]", frames.toString());
        }
    }

    @Test
    void builderTakesTheWorkerRangeItsMessagesNameAndRefusesHeapRegions() {
        FrameArenas.Builder builder = FrameArenas.builder();
        assertSame(builder, builder.workers(0));
        assertSame(builder, builder.workers(FrameArenas.MAX_WORKERS));
        assertMessage("workers=4097 not in [0, 4096]", () -> builder.workers(FrameArenas.MAX_WORKERS + 1));
        assertMessage("worker=4096 not in [0, 4096)",
                () -> builder.workerFrameMemory(FrameArenas.MAX_WORKERS, MemorySegment.NULL));
        MemorySegment heap = MemorySegment.ofArray(new byte[64]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.frameMemory(heap, heap));
        assertEquals("regions[0]=" + heap + " must be a non-empty native segment", e.getMessage());
    }

    @Test
    void reusesFrameMemoryTwoFramesLaterWithTwoArenas() {
        try (FrameArenas frames = FrameArenas.create(2, 4096)) {
            MemoryArena f1 = frames.beginFrame();
            MemorySegment data = f1.allocate(ValueLayout.JAVA_INT, 1);
            data.set(ValueLayout.JAVA_INT, 0, 0xF1);
            MemoryArena f2 = frames.beginFrame();
            assertNotSame(f1, f2);
            f2.allocate(ValueLayout.JAVA_INT, 1).set(ValueLayout.JAVA_INT, 0, 0xF2);
            assertSame(f1, frames.previous());
            assertEquals(0xF1, data.get(ValueLayout.JAVA_INT, 0), "frame F's data is untouched in F+1");
            assertEquals(4, f1.usedBytes());
            MemoryArena f3 = frames.beginFrame();
            assertSame(f1, f3, "frame F's arena is reused in F+2");
            assertEquals(0, f3.usedBytes(), "and reset");
            assertEquals(data.address(), f3.allocateAddress(4, 4), "same memory");
            assertEquals(3, frames.frameNumber());
        }
    }

    @Test
    void reusesFrameMemoryThreeFramesLaterWithThreeArenas() {
        try (FrameArenas frames = FrameArenas.create(3, 4096)) {
            MemoryArena f1 = frames.beginFrame();
            long address = f1.allocateAddress(64, 16);
            MemoryArena f2 = frames.beginFrame();
            MemoryArena f3 = frames.beginFrame();
            assertNotSame(f1, f2);
            assertNotSame(f1, f3);
            assertEquals(64, f1.usedBytes(), "still valid through F+2");
            assertSame(f1, frames.arena(2));
            MemoryArena f4 = frames.beginFrame();
            assertSame(f1, f4);
            assertEquals(address, f4.allocateAddress(64, 16));
        }
    }

    @Test
    void recordsTheLast256FramesInHistory() {
        try (FrameArenas frames = FrameArenas.create(2, 1 << 16)) {
            for (int frame = 1; frame <= 300; frame++) {
                MemoryArena arena = frames.beginFrame();
                for (int i = 0; i < frame % 7; i++) {
                    arena.allocateAddress(100, 4);
                }
            }
            frames.beginFrame(); // ends frame 300
            FrameStatsHistory history = frames.history();
            assertEquals(256, history.size());
            assertEquals(45, history.frameNumber(0));
            assertEquals(300, history.frameNumber(255));
            assertEquals(300 % 7, history.allocationCount(255));
            assertEquals(300 % 7 * 100, history.usedBytes(255));
            assertEquals(300 % 7 * 100, history.peakBytes(255));
            long[] used = new long[256];
            assertEquals(256, history.copyUsedBytes(used));
            assertEquals(45 % 7 * 100, used[0]);
            assertEquals(600, history.maxUsedBytes());
            assertThrows(IndexOutOfBoundsException.class, () -> history.usedBytes(256));
        }
    }

    @Test
    void recordsGrowthOnlyInTheFrameThatGrew() {
        try (FrameArenas frames = FrameArenas.create(2, 1024)) {
            frames.beginFrame().allocateAddress(5000, 16); // frame 1 grows
            frames.beginFrame();
            frames.beginFrame(); // frame 3: same arena as frame 1, consolidated
            frames.current().allocateAddress(5000, 16);
            frames.beginFrame();
            FrameStatsHistory h = frames.history();
            assertEquals(1, h.growthCount(0));
            assertEquals(0, h.growthCount(1));
            assertEquals(0, h.growthCount(2), "consolidated arena does not grow again");
            assertEquals(1, frames.growthCount());
        }
    }

    @Test
    void aggregatesCapacityPeakAndGrowth() {
        try (FrameArenas frames = FrameArenas.builder().frameCount(3).blockSize(2048).name("agg").build()) {
            assertEquals(3 * 2048, frames.capacityBytes());
            frames.beginFrame().allocateAddress(100, 1);
            frames.beginFrame().allocateAddress(300, 1);
            assertEquals(300, frames.usedBytes());
            assertEquals(300, frames.peakBytes());
            assertEquals(1, frames.allocationCount());
            assertEquals("agg[1]", frames.current().name());
        }
    }

    @Test
    void rejectsFewerThanTwoFramesAndBadSizes() {
        assertMessage("frameCount=1 must be >= 2", () -> FrameArenas.create(1, 4096));
        assertMessage("frameCount=0 must be >= 2", () -> FrameArenas.builder().frameCount(0));
        assertMessage("blockSize=0 must be positive", () -> FrameArenas.create(2, 0));
        assertMessage("maxBytes=-1 must be positive", () -> FrameArenas.builder().maxBytes(-1));
        assertMessage("regions=1 regions: need at least 2 (one per frame in flight)",
                () -> FrameArenas.builder().frameMemory(MemorySegment.NULL));
        assertMessage("framesAgo=2 not in [0, 2)", () -> {
            try (FrameArenas frames = FrameArenas.create(2, 4096)) {
                frames.beginFrame();
                frames.arena(2);
            }
        });
    }

    @Test
    void refusesCurrentBeforeTheFirstFrameAndUseAfterClose() {
        FrameArenas frames = FrameArenas.builder().name("fa").build();
        assertMessage("no frame has begun in 'fa': call beginFrame() first", frames::current);
        MemoryArena arena = frames.beginFrame();
        frames.close();
        frames.close();
        assertMessage("cannot beginFrame on frame arenas 'fa': they are closed", frames::beginFrame);
        assertThrows(IllegalStateException.class, () -> arena.allocateAddress(8, 8));
    }

    @Test
    void confinesBeginFrameToTheOwner() throws Exception {
        try (FrameArenas frames = FrameArenas.create(2, 4096)) {
            assertInstanceOf(WrongThreadException.class, MemoryArenaTest.runOnOtherThread(frames::beginFrame));
            frames.beginFrame();
            assertInstanceOf(WrongThreadException.class,
                    MemoryArenaTest.runOnOtherThread(() -> frames.current().allocateAddress(8, 8)));
        }
    }

    @Test
    void allocatesEachFrameFromCallerProvidedRegions() {
        try (java.lang.foreign.Arena owner = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment mapped = owner.allocate(3 * 1024, 64);
            MemorySegment[] regions = {mapped.asSlice(0, 1024), mapped.asSlice(1024, 1024), mapped.asSlice(2048, 1024)};
            try (FrameArenas frames = FrameArenas.builder().frameMemory(regions).build()) {
                assertEquals(3, frames.frameCount());
                for (int frame = 0; frame < 6; frame++) {
                    long address = frames.beginFrame().allocateAddress(512, 16);
                    assertEquals(regions[frame % 3].address(), address);
                }
                assertThrows(ArenaExhaustedException.class, () -> frames.current().allocateAddress(1024, 16));
            }
        }
    }
}
