package dev.framealloc.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JmhResultTest {

    @Test
    void readsNameParamsMedianAndHeapBytes() {
        String json = new JmhJson().addIterations("BumpAllocationBenchmark", "arenaAllocateAddress", "\"size\":\"64\"",
                new double[][] {{5, 1, 9}, {2, 100}}, 0.0002, "gc.alloc.rate.norm").build();
        List<JmhResult> results = JmhResult.parseAll(json);
        assertEquals(1, results.size());
        JmhResult r = results.get(0);
        assertEquals("BumpAllocationBenchmark", r.className());
        assertEquals("arenaAllocateAddress", r.method());
        assertEquals(Map.of("size", "64"), r.params());
        assertArrayEquals(new double[] {5, 1, 9, 2, 100}, r.iterations());
        assertArrayEquals(new double[] {5, 51}, r.forkMedians());
        assertEquals(5.0, r.median());
        assertEquals(1.0, r.minimum());
        assertEquals(23.4, r.score(), 1e-9);
        assertEquals(0.01, r.error());
        assertEquals("ns/op", r.unit());
        assertEquals(0.0002, r.bytesPerOp(), 1e-12);
    }

    @Test
    void acceptsTheOlderMiddleDotPrefixOfSecondaryMetrics() {
        String json = new JmhJson().addIterations("SlabAllocationBenchmark", "slabAllocateFree", "",
                new double[][] {{3, 4}}, 12.5, "\u00b7gc.alloc.rate.norm").build();
        JmhResult r = JmhResult.parseAll(json).get(0);
        assertEquals(12.5, r.bytesPerOp());
        assertEquals(3.5, r.median());
        assertEquals(Map.of(), r.params());
    }

    @Test
    void takesTheMedianOfSampleTimeModeFromItsPercentiles() {
        String json = """
                [{"benchmark": "dev.framealloc.benchmarks.ResetCostBenchmark.reset", "mode": "sample",
                  "params": {"allocations": "10"},
                  "primaryMetric": {"score": 194.2, "scoreError": 233.1, "scoreUnit": "ns/op",
                    "scorePercentiles": {"0.0": 27.0, "50.0": 103.0, "99.0": 2696.5},
                    "rawDataHistogram": [[[[31.0, 2], [103.0, 1]]]]},
                  "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 6.5}}}]""";
        JmhResult r = JmhResult.parseAll(json).get(0);
        assertEquals(103.0, r.median());
        assertEquals(27.0, r.minimum());
        assertEquals(194.2, r.score());
        assertEquals(0, r.iterations().length);
    }

    @Test
    void medianOfAnEvenCountAveragesTheMiddlePair() {
        assertEquals(2.5, JmhResult.median(new double[] {4, 1, 3, 2}));
        assertEquals(Double.NaN, JmhResult.median(new double[0]));
    }

    @Test
    void rejectsADocumentThatIsNotAnArray() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhResult.parseAll("{}"));
        assertEquals("JMH results must be a JSON array, got object", e.getMessage());
    }
}
