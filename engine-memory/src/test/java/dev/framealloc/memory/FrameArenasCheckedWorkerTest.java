package dev.framealloc.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.framealloc.memory.FrameArenasWorkerTest.assertThrowsMessage;
import static dev.framealloc.memory.FrameArenasWorkerTest.onThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checked mode covers worker arenas: their segments die when the frame is reused, on every thread. */
class FrameArenasCheckedWorkerTest {

    @Test
    void aWorkerSegmentUsedAfterItsFrameIsReusedThrowsOnEveryThread() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().name("cw").frameCount(2).workers(1).blockSize(4096)
                .checked(true).build()) {
            frames.beginFrame();
            MemorySegment segment = (MemorySegment) onThread("job", () -> {
                MemorySegment s = frames.worker(0).allocate(ValueLayout.JAVA_INT, 4);
                s.set(ValueLayout.JAVA_INT, 0, 11);
                return s;
            });
            assertEquals(11, segment.get(ValueLayout.JAVA_INT, 0), "the owner reads it after the join");
            assertEquals(11, (int) (Integer) onThread("render", () -> segment.get(ValueLayout.JAVA_INT, 0)),
                    "a render thread reads it in frame 1");
            frames.beginFrame();
            assertEquals(11, (int) (Integer) onThread("render", () -> segment.get(ValueLayout.JAVA_INT, 0)),
                    "and in frame 2");
            frames.beginFrame(); // frame 3 reuses frame 1's worker arena
            assertThrowsMessage(IllegalStateException.class, "Already closed",
                    onThread("render", () -> segment.get(ValueLayout.JAVA_INT, 0)));
            assertThrowsMessage(IllegalStateException.class, "Already closed",
                    onThread("job", () -> {
                        segment.set(ValueLayout.JAVA_INT, 0, 1);
                        return null;
                    }));
            IllegalStateException onOwner = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> segment.get(ValueLayout.JAVA_INT, 0));
            assertEquals("Already closed", onOwner.getMessage());
            assertEquals("allocated from MemoryArena 'cw[0].worker0' in frame 1; its lifetime ended at beginFrame() of"
                    + " frame 3", MemoryArena.describe(segment));
        }
    }

    @Test
    void aWorkerOverrunIsReportedWhenItsFrameIsReused() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().name("ov").frameCount(2).workers(1).blockSize(4096)
                .checked(true).build()) {
            frames.beginFrame();
            onThread("job", () -> {
                long address = frames.worker(0).allocateAddress(16, 16);
                MemorySegment.NULL.reinterpret(Long.MAX_VALUE).set(ValueLayout.JAVA_BYTE, address + 16, (byte) 1);
                return null;
            });
            frames.beginFrame();
            GuardViolationException e = org.junit.jupiter.api.Assertions.assertThrows(GuardViolationException.class,
                    frames::beginFrame);
            assertTrue(e.getMessage().startsWith("buffer overrun in arena 'ov[0].worker0': allocation index=0 size=16"),
                    e.getMessage());
            assertEquals(3, frames.frameNumber(), "the frame has still begun");
            assertEquals(0, frames.workerUsedBytes(0));
        }
    }
}
