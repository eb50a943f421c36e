package dev.framealloc.memory;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static dev.framealloc.memory.FrameArenasHoldTest.awaitParkedIn;
import static dev.framealloc.memory.FrameArenasWorkerTest.onThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JFR event carries the workers' bytes and the beginFrame wait, and its totals include the workers. */
class FrameArenaWorkerEventTest {

    @Test
    void recordsWorkerBytesAndTheWaitForHolds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("workers.jfr");
        try (FrameArenas frames = FrameArenas.builder().name("jfr-workers").frameCount(2).workers(2).blockSize(4096)
                .build();
             Recording recording = new Recording()) {
            recording.enable("dev.framealloc.FrameArena");
            recording.start();
            frames.beginFrame().allocateAddress(100, 4);                          // frame 1
            onThread("a", () -> frames.worker(0).allocateAddress(200, 4));
            onThread("b", () -> frames.worker(1).allocateAddress(300, 4));
            frames.beginFrame();                                                  // frame 2
            onThread("a", () -> frames.worker(1).allocateAddress(40, 4));
            frames.hold(1);
            Thread owner = Thread.currentThread();
            Thread render = Thread.ofPlatform().start(() -> {
                awaitParkedIn(owner, frames);
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
                frames.release(1);
            });
            frames.beginFrame();                                                  // frame 3 waits for frame 1
            render.join();
            frames.beginFrame();                                                  // ends frame 3
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> "jfr-workers".equals(e.getString("allocator")))
                .toList();
        assertEquals(3, events.size());
        RecordedEvent first = events.get(0);
        assertEquals(1, first.getLong("frameNumber"));
        assertEquals(600, first.getLong("usedBytes"), "main 100 + workers 200 + 300");
        assertEquals(500, first.getLong("workerBytes"));
        assertEquals(600, first.getLong("peakBytes"));
        assertEquals(3, first.getLong("allocations"));
        assertEquals(Duration.ZERO, first.getDuration("beginFrameWait"));
        RecordedEvent second = events.get(1);
        assertEquals(40, second.getLong("usedBytes"));
        assertEquals(40, second.getLong("workerBytes"));
        RecordedEvent third = events.get(2);
        assertEquals(3, third.getLong("frameNumber"));
        assertTrue(third.getDuration("beginFrameWait").compareTo(Duration.ofMillis(2)) >= 0,
                "frame 3's beginFrame waited at least the 2 ms the hold lasted after it parked: "
                        + third.getDuration("beginFrameWait"));
    }
}
