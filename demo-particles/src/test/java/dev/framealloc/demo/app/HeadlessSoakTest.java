package dev.framealloc.demo.app;

import dev.framealloc.demo.HeapProbe;
import dev.framealloc.demo.cli.DemoOptions;
import dev.framealloc.demo.cli.UploadMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 5's in-test soak: 5,000 headless frames stay flat after warm-up. */
class HeadlessSoakTest {
    private static final long FRAMES = 5_000;
    private static final long WARMUP = 2_000;
    /** Particles of the JIT primer run: few, so its 20,000 frames take seconds. */
    private static final int PRIMER_PARTICLES = 2_000;

    private static DemoOptions headless(long frames, Path statsOut, Path jfr) {
        return new DemoOptions(DemoOptions.DEFAULT_PARTICLES, frames, true, 1, null, statsOut, UploadMode.AUTO, 2, true,
                false, true, jfr);
    }

    @Test
    @Tag("zero-garbage")
    void fiveThousandFramesStayFlatAfterWarmup(@TempDir Path dir) throws Exception {
        // The same loop, HeapProbe.MIN_WARMUP_CALLS frames first: HotSpot's first C2 compile request of each class
        // on the path allocates that class's string constants once (see HeapProbe), which 2,000 frames may not reach.
        HeadlessRunner.simulate(headless(HeapProbe.MIN_WARMUP_CALLS, null, null).withParticles(PRIMER_PARTICLES), 0);
        Path csv = dir.resolve("soak.csv");
        HeadlessResult r = HeadlessRunner.simulate(headless(FRAMES, csv, null), WARMUP);
        System.out.println(r.summaryLine());
        System.out.println(r.soakLines());

        assertEquals(FRAMES, r.end().frame());
        assertEquals(r.warm().arenaGrowth(), r.end().arenaGrowth(), "arena growth after warm-up");
        assertEquals(r.warm().nativeReservedBytes(), r.end().nativeReservedBytes(), "reserved native bytes after warm-up");
        assertEquals(r.warm().slabCapacity(), r.end().slabCapacity(), "slab capacity after warm-up");
        // Exact: a loop thread that allocates nothing cannot cause a GC. (The JVM-wide GC count is not asserted: it
        // counts what other threads and earlier tests allocated.)
        assertEquals(0, r.heapBytesAfterWarmup(), "loop-thread heap bytes over the " + (FRAMES - WARMUP)
                + " frames after warm-up (largest frame: " + r.maxHeapBytes() + " B)");
        assertTrue(r.liveAtEnd() > DemoOptions.DEFAULT_PARTICLES * 0.7, "live=" + r.liveAtEnd());
        assertEquals(DemoOptions.defaultThreads(), r.threads());
        assertEquals(0, r.medianWalkerHeapBytes(), "median walker-thread heap bytes per frame (" + (r.threads() - 1)
                + " walker threads besides the loop thread)");

        List<String> lines = Files.readAllLines(csv);
        assertEquals(FRAMES + 1, lines.size());
        assertTrue(lines.getFirst().startsWith(
                "frame,frame_ms,arena_used_bytes,arena_peak_bytes,arena_allocations,arena_growth,slab_live,heap_bytes"));
        // arena_used_bytes tracks the live particles exactly: one 16-byte vertex each, plus a 16-byte node of the
        // walkers' expired lists for each particle whose life ended in the frame (column 10, expired).
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            assertEquals(16 * (Long.parseLong(c[6]) + Long.parseLong(c[10])), Long.parseLong(c[2]), line);
        }
    }

    @Test
    void summaryLineNamesFramesParticlesTimesHeapAndGcs() {
        HeadlessResult r = HeadlessRunner.simulate(headless(300, null, null), 30);
        String line = r.summaryLine();
        assertTrue(line.matches("headless: frames=300 particles=20000 live=\\d+ ms/frame p50=[0-9.]+ p99=[0-9.]+"
                + " heap-bytes/frame median=\\d+ gcs=\\d+ \\(after 30 warm-up frames\\) seed=1 threads=\\d+"), line);
    }

    @Test
    void jfrRecordingContainsFrameArenaEvents(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("run.jfr");
        HeadlessRunner.simulate(headless(120, null, jfr), 10);
        List<jdk.jfr.consumer.RecordedEvent> events = jdk.jfr.consumer.RecordingFile.readAllEvents(jfr);
        long frameEvents = events.stream().filter(e -> e.getEventType().getName().equals(JfrRecording.FRAME_ARENA_EVENT)).count();
        assertTrue(frameEvents >= 100, "FrameArena events: " + frameEvents);
    }
}
