package dev.framealloc.memory;

import dev.framealloc.memory.internal.FrameArenaEvent;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameArenaEventTest {

    @Test
    void emitsOneEventPerCompletedFrameWhileRecording(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("frames.jfr");
        try (FrameArenas frames = FrameArenas.builder().name("jfr-test").blockSize(1024).build();
             Recording recording = new Recording()) {
            recording.enable("dev.framealloc.FrameArena");
            recording.start();
            for (int frame = 1; frame <= 5; frame++) {
                MemoryArena arena = frames.beginFrame();
                for (int i = 0; i < frame; i++) {
                    arena.allocateAddress(100 * frame, 4);
                }
            }
            frames.beginFrame(); // completes frame 5
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.framealloc.FrameArena"))
                .filter(e -> "jfr-test".equals(e.getString("allocator")))
                .toList();
        assertEquals(5, events.size());
        for (int i = 0; i < 5; i++) {
            RecordedEvent e = events.get(i);
            int frame = i + 1;
            assertEquals(frame, e.getLong("frameNumber"));
            assertEquals(frame, e.getLong("allocations"));
        }
        for (int i = 0; i < 3; i++) { // frames 1-3 fit their 1024-byte block exactly: used = frame * 100 * frame
            int frame = i + 1;
            assertEquals((long) frame * 100 * frame, events.get(i).getLong("usedBytes"));
            assertEquals((long) frame * 100 * frame, events.get(i).getLong("peakBytes"));
            assertEquals(0, events.get(i).getLong("growth"));
        }
        // frame 4: 2 x 400 bytes fit the first block, the 224-byte tail is abandoned, 2 x 400 go in a new block
        assertEquals(1024 + 800, events.get(3).getLong("usedBytes"));
        assertEquals(1, events.get(3).getLong("growth"), "frame 4 needs 1600 bytes in a 1024-byte block");
        assertEquals(2, events.get(4).getLong("growth"), "frame 5 (2500 bytes, 2 per 1024-byte block) grows twice");
    }

    @Test
    void recordsNoEventWhenTheRecordingDoesNotEnableIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("none.jfr");
        try (Recording recording = new Recording()) { // a recording that does not enable the event: it is off by default
            recording.start();
            try (FrameArenas frames = FrameArenas.builder().name("jfr-off").build()) {
                for (int i = 0; i < 10; i++) {
                    frames.beginFrame().allocateAddress(64, 16);
                }
            }
            recording.stop();
            recording.dump(file);
        }
        long count = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.framealloc.FrameArena")).count();
        assertEquals(0, count);
    }

    /**
     * Without a recording that enables it, emitting costs one check and allocates nothing, even interpreted: in a
     * JVM started with {@code -Xint}, where no escape analysis can remove an event object, 2,000 emits allocate 0 heap
     * bytes. (Compiled by C2, an unused event object is removed anyway, so only the interpreter shows the check.)
     */
    @Test
    @Tag("zero-garbage")
    void emitsNothingAndAllocatesNothingWithoutARecordingEvenInterpreted() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xint",
                "-cp", System.getProperty("java.class.path"), InterpretedEmits.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes()).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish: " + output);
        assertEquals(0, child.exitValue(), output);
        assertEquals("heap bytes of 2000 disabled emits: 0", output);
    }

    /** Run in a child JVM by the test above. */
    static final class InterpretedEmits {
        public static void main(String[] args) {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            FrameArenaEvent.emit("interpreted", 0, 0, 0, 0, 0, 0, 0); // class initialisation (JFR's too) allocates, once
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 1; i <= 2000; i++) {
                FrameArenaEvent.emit("interpreted", i, 64L * i, 64L * i, i, 0, 0, 0);
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println("heap bytes of 2000 disabled emits: " + bytes);
        }
    }
}
