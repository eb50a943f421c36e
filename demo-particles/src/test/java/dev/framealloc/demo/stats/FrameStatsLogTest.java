package dev.framealloc.demo.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameStatsLogTest {

    @Test
    void writesTheDocumentedHeaderAndOneRowPerFrame(@TempDir Path dir) throws Exception {
        FrameStatsLog log = new FrameStatsLog(10);
        log.record(1, 1.23456, 1600, 1700, 1, 0, 100, 0, 0, 1 << 20);
        log.record(2, 0.5, 3200, 3200, 2, 1, 200, 48, 1, 2 << 20);
        Path csv = dir.resolve("sub/stats.csv");
        log.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(List.of(
                "frame,frame_ms,arena_used_bytes,arena_peak_bytes,arena_allocations,arena_growth,slab_live,heap_bytes,gc_count,arena_capacity_bytes,expired",
                "1,1.235,1600,1700,1,0,100,0,0,1048576,0",
                "2,0.5,3200,3200,2,1,200,48,1,2097152,0"), lines);
        assertEquals(true, lines.getFirst().startsWith(
                "frame,frame_ms,arena_used_bytes,arena_peak_bytes,arena_allocations,arena_growth,slab_live,heap_bytes"));
    }

    /** Per-thread heap columns come after the existing ones, and another thread's value lands in its frame's row. */
    @Test
    void threadHeapColumnsFollowTheExistingColumns(@TempDir Path dir) throws Exception {
        FrameStatsLog log = new FrameStatsLog(3, new String[] {"walker_1", "render"});
        for (int f = 1; f <= 4; f++) {
            log.threadHeapBytes(f, 1, f * 100L); // the render thread may finish a frame before its row is recorded
            log.record(f, 1.0, 16, 16, 1, 0, 1, 0, 0, 64, f % 2);
            log.threadHeapBytes(f, 0, f * 10L);
        }
        assertEquals(2, log.threadColumns());
        assertEquals(2, log.frame(0));
        assertEquals(20, log.threadHeapBytes(0, 0));
        assertEquals(400, log.threadHeapBytes(2, 1));
        assertEquals(1, log.expired(2) + log.expired(1));
        Path csv = dir.resolve("t.csv");
        log.writeCsv(csv);
        assertEquals(List.of(
                FrameStatsLog.HEADER + ",heap_bytes_walker_1,heap_bytes_render",
                "2,1.0,16,16,1,0,1,0,0,64,0,20,200",
                "3,1.0,16,16,1,0,1,0,0,64,1,30,300",
                "4,1.0,16,16,1,0,1,0,0,64,0,40,400"), Files.readAllLines(csv));
    }

    @Test
    void keepsTheLastRowsWhenFull() {
        FrameStatsLog log = new FrameStatsLog(3);
        for (int f = 1; f <= 5; f++) {
            log.record(f, f, 0, 0, 0, 0, 0, f * 10L, 0, 0);
        }
        assertEquals(3, log.size());
        assertEquals(5, log.recorded());
        assertEquals(3, log.frame(0));
        assertEquals(5, log.frame(2));
        assertEquals(50, log.heapBytes(2));
        assertThrows(IndexOutOfBoundsException.class, () -> log.frame(3));
    }

    @Test
    void percentilesUseNearestRank() {
        FrameStatsLog log = new FrameStatsLog(100);
        for (int f = 1; f <= 100; f++) {
            log.record(f, f, 0, 0, 0, 0, 0, f == 100 ? 4096 : 0, 0, 0);
        }
        assertEquals(50.0, Percentiles.frameMs(log, 0, 50));
        assertEquals(99.0, Percentiles.frameMs(log, 0, 99));
        assertEquals(0, Percentiles.heapBytes(log, 0, 50));
        assertEquals(4096, Percentiles.heapBytes(log, 0, 100));
        assertEquals(95.0, Percentiles.frameMs(log, 90, 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.frameMs(log, 100, 50));
    }

    @Test
    void rejectsNonPositiveCapacity() {
        assertEquals("capacity=0 must be > 0",
                assertThrows(IllegalArgumentException.class, () -> new FrameStatsLog(0)).getMessage());
    }
}
