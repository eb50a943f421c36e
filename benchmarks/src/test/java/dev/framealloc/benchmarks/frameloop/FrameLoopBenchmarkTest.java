package dev.framealloc.benchmarks.frameloop;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameLoopBenchmarkTest {
    private static final int PARTICLES = 20_000;

    private static double number(Map<String, Object> result, String key) {
        return (Double) result.get(key);
    }

    @Test
    void everyVariantReportsFrameTimesBandwidthAndVertexBytes() {
        for (String id : VertexSource.IDS) {
            Map<String, Object> r = FrameLoopBenchmark.runVariant(id, PARTICLES, 5, 20);
            assertEquals(id, r.get("id"));
            double live = number(r, "meanLiveParticles");
            assertTrue(live > PARTICLES * 0.8 && live < PARTICLES * 1.2, id + " live=" + live);
            assertTrue(number(r, "p50Ms") > 0 && number(r, "p50Ms") <= number(r, "p99Ms"), id + " " + r);
            assertTrue(number(r, "p99Ms") <= number(r, "maxMs"), id + " " + r);
            assertTrue(number(r, "vertexP50Ms") < number(r, "p50Ms"), id + " " + r);
            assertTrue(number(r, "fillMsP50") > 0 && number(r, "fillMsP50") < number(r, "p50Ms") * 1.5, id + " " + r);
            assertTrue(number(r, "fillBandwidth") > 0 && number(r, "copyBandwidth") > 0
                    && number(r, "segmentFillBandwidth") > 0, id + " " + r);
            double vertexBytes = number(r, "vertexBytesPerFrame");
            assertTrue(vertexBytes > PARTICLES * 0.8 * 16, id + " vertexBytes=" + vertexBytes);
        }
    }

    @Test
    void heapBytesPerFrameShowTheDirectBufferPerFrameAndNoneForTheArena() {
        Map<String, Object> arena = FrameLoopBenchmark.runVariant("frame-arena", PARTICLES, 30, 30);
        Map<String, Object> direct = FrameLoopBenchmark.runVariant("allocate-direct", PARTICLES, 30, 30);
        assertTrue(number(direct, "heapBytesPerFrame") >= 48, direct.toString()); // a ByteBuffer object per frame
        assertTrue(number(arena, "heapBytesPerFrame") < number(direct, "heapBytesPerFrame"), arena + " " + direct);
    }

    @Test
    void percentileIsNearestRank() {
        long[] values = {50, 10, 40, 20, 30};
        assertEquals(30, FrameLoopBenchmark.percentile(values, 50));
        assertEquals(50, FrameLoopBenchmark.percentile(values, 99));
        assertEquals(10, FrameLoopBenchmark.percentile(values, 0));
    }
}
