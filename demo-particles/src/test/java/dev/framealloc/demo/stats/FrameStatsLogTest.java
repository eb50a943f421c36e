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
                "frame,frame_ms,arena_used_bytes,arena_peak_bytes,arena_allocations,arena_growth,slab_live,heap_bytes,gc_count,arena_capacity_bytes",
                "1,1.235,1600,1700,1,0,100,0,0,1048576",
                "2,0.5,3200,3200,2,1,200,48,1,2097152"), lines);
        assertEquals(true, lines.getFirst().startsWith(
                "frame,frame_ms,arena_used_bytes,arena_peak_bytes,arena_allocations,arena_growth,slab_live,heap_bytes"));
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
