package dev.framealloc.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    private static final String[] SIZES = {"16", "64", "256", "4096"};

    /** A run where every target is met except allocateDirect (only 50x) and the reset ratio (2x). */
    private static String run() {
        JmhJson j = new JmhJson();
        for (String size : SIZES) {
            String p = "\"size\":\"" + size + "\"";
            j.add("BumpAllocationBenchmark", "arenaAllocateAddress", p, 1.0, 0.0001);
            j.add("BumpAllocationBenchmark", "arenaAllocateSegment", p, 8.0, 40);
            j.add("BumpAllocationBenchmark", "memoryStackNmalloc", p, 1.2, 0.00001);
            j.add("BumpAllocationBenchmark", "memUtilAllocFree", p, 25.0, 0.001);
            j.add("BumpAllocationBenchmark", "byteBufferAllocateDirect", p, 50.0, 136);
            j.add("BumpAllocationBenchmark", "jdkConfinedArena", p, 90.0, 88);
            j.add("BumpAllocationBenchmark", "jdkSlicingAllocator", p, 9.0, 40);
            j.add("BumpAllocationBenchmark", "heapByteArray", p, 20.0, 32);
        }
        j.add("ResetCostBenchmark", "reset", "\"allocations\":\"10\"", 5.0, 0.001);
        j.add("ResetCostBenchmark", "reset", "\"allocations\":\"1000\"", 5.5, 0.001);
        j.add("ResetCostBenchmark", "reset", "\"allocations\":\"100000\"", 10.0, 0.001);
        j.add("FrameBeginBenchmark", "beginFrame", "\"allocations\":\"16\"", 30.0, 0.001);
        j.add("FrameBeginBenchmark", "arenaReset", "\"allocations\":\"16\"", 25.0, 0.001);
        j.add("JfrHookBenchmark", "emitWithoutRecording", "", 1.1, 0.0001);
        j.add("JfrHookBenchmark", "baseline", "", 1.0, 0.0001);
        j.add("SlabAllocationBenchmark", "slabAllocateFree", "", 6.0, 0.001);
        j.add("SlabAllocationBenchmark", "memUtilAllocFree", "", 30.0, 0.001);
        j.add("SlabAllocationBenchmark", "arrayDequePool", "", 7.0, 0.0001);
        j.add("CheckedModeOverheadBenchmark", "minimalBump", "", 0.90, 0.0001);
        j.add("CheckedModeOverheadBenchmark", "referenceBump", "", 1.00, 0.0001);
        j.add("CheckedModeOverheadBenchmark", "arenaUnchecked", "", 1.04, 0.0001);
        j.add("CheckedModeOverheadBenchmark", "arenaChecked", "", 30.0, 0.3);
        return j.build();
    }

    private static final String FRAME_LOOP = """
            {"particles": 1000000, "meanLiveParticles": 999000, "settleSteps": 40, "warmupFrames": 60, "frames": 600,
             "vertexBytesPerFrame": 16000000, "variants": [
              {"id": "frame-arena", "label": "(a) frame arena", "p50Ms": 10, "p99Ms": 12, "meanMs": 10.5, "maxMs": 20,
               "vertexP50Ms": 1.5, "vertexP99Ms": 2.25,
               "heapBytesPerFrame": 0.5, "gcCount": 0, "gcTimeMs": 0, "fillBandwidth": 2e9, "copyBandwidth": 1e10,
               "segmentFillBandwidth": 2e10},
              {"id": "float-array", "label": "(d) float[]", "p50Ms": 14, "p99Ms": 40, "meanMs": 16, "maxMs": 90,
               "vertexP50Ms": 5, "vertexP99Ms": 30,
               "heapBytesPerFrame": 16000016, "gcCount": 120, "gcTimeMs": 800, "fillBandwidth": 1e9,
               "copyBandwidth": 1e10, "segmentFillBandwidth": 2e10}]}""";

    private static Properties runInfo() {
        Properties p = new Properties();
        p.setProperty("start_loadavg", "1.00 0.50 0.25");
        p.setProperty("end_loadavg", "2.00 1.50 1.25");
        p.setProperty("duration_s", "1200");
        return p;
    }

    private static Report.Inputs inputs(String jmh, String frameLoop) {
        List<JmhResult> results = JmhResult.parseAll(jmh);
        @SuppressWarnings("unchecked")
        Map<String, Object> runInfo = (Map<String, Object>) JsonText.plain(JsonText.parse(jmh).get(0));
        return new Report.Inputs(results, runInfo, frameLoop == null ? null : FrameLoopResults.parse(frameLoop),
                new MachineInfo("Test CPU", 2, "1.0 GiB", "Linux"), "full", "2026-01-01 00:00 UTC",
                List.of("scripts/benchmarks.sh"), runInfo());
    }

    @Test
    void evaluatesEveryTargetFromTheMedians() throws IOException {
        Report.Result result = Report.generate(inputs(run(), FRAME_LOOP), null, "");
        Map<String, Boolean> verdicts = result.targets().stream()
                .collect(Collectors.toMap(Target::name, Target::met, (a, b) -> a, java.util.LinkedHashMap::new));
        assertEquals(List.of(true, true, false, true, false, true, true, true, true), List.copyOf(verdicts.values()),
                verdicts.toString());
        Target direct = result.targets().get(2);
        assertEquals("by 50% (50.0x vs at least 100x)", direct.shortfall());
        Target reset = result.targets().get(4);
        assertEquals("2.00x (fastest calls: 2.00x)", reset.measured());
        assertEquals("by 33% (2.00x vs at most 1.50x)", reset.shortfall());
    }

    @Test
    void flagsHeapAllocationOncePerBatchAsMissed() throws IOException {
        String jmh = run().replace("\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":0.001000",
                "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":0.016000");
        Report.Result result = Report.generate(inputs(jmh, null), null, "");
        Target slab = result.targets().stream().filter(t -> t.name().startsWith("slab")).findFirst().orElseThrow();
        assertFalse(slab.met(), slab.toString());
        assertEquals("by 0.02 B/op", slab.shortfall());
    }

    @Test
    void writesTablesRatiosAndChartsThatLoad(@TempDir Path dir) throws IOException {
        Report.Result result = Report.generate(inputs(run(), FRAME_LOOP), dir, "img/");
        String md = result.markdown();
        assertTrue(md.startsWith("# Benchmarks\n"), md);
        assertTrue(md.contains("| `MemoryArena.allocateAddress` | 1.00 | 1.00 | 1.00 | 1.00 |"), md);
        assertTrue(md.contains("| `ByteBuffer.allocateDirect` | 50.0x | 50.0x | 50.0x | 50.0x |")
                || md.contains("| `ByteBuffer.allocateDirect` | 50x | 50x | 50x | 50x |"), md);
        assertTrue(md.contains("| 100,000 | 10.0 | 2.00x | 10.0 | 2.00x | 0 (1e-03) |"), md);
        assertTrue(md.contains("- CPU: Test CPU, 2 logical CPUs"), md);
        assertTrue(md.contains("- The run took 1200 s; load average (1, 5, 15 min) 1.00 0.50 0.25 before it and"
                + " 2.00 1.50 1.25 after it, on 2 CPUs"), md);
        assertTrue(md.contains("2 forks, 2 warm-up iterations of 1 s, 5 measured iterations of 1 s"), md);
        assertTrue(md.contains("| (a) frame arena | 10.00 | 12.00 | 20.0 | 1.50 | 2.25 | 1 | 0 | 0 | 2.00 | 20% | 10% |"), md);
        assertTrue(md.contains("2 of 9 targets are missed"), md);
        assertTrue(md.contains("| minimal bump allocator (no statistics) | 0.90 | 0.90 / 0.90 | 0 (1e-04) | 0.90x |"), md);
        assertTrue(md.contains("| `MemoryArena`, `checked(false)` | 1.04 | 1.04 / 1.04 | 0 (1e-04) | 1.04x |"), md);
        assertTrue(md.contains("![ns per allocation by contestant and size, log scale](img/benchmarks-bump-allocation.png)"), md);
        for (String png : List.of("benchmarks-bump-allocation.png", "benchmarks-frame-loop.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertNotNull(image, png);
            assertEquals(1100, image.getWidth());
            assertEquals(620, image.getHeight());
        }
    }

    @Test
    void saysWhenTheFrameLoopWasNotRun() throws IOException {
        String md = Report.generate(inputs(run(), null), null, "").markdown();
        assertTrue(md.contains("## 6. Frame loop\n\nNot run"), md);
        assertFalse(Files.exists(Path.of("benchmarks-frame-loop.png")));
    }
}
