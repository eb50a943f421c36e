package dev.framealloc.benchmarks.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameLoopResultsTest {
    private static final String VARIANT = """
            {"id": "frame-arena", "label": "(a) frame arena", "p50Ms": 10, "p99Ms": 12.5, "meanMs": 10.5,
             "maxMs": 20, "vertexP50Ms": 1.5, "vertexP99Ms": 2.25, "heapBytesPerFrame": 0.5, "gcCount": 3.0,
             "gcTimeMs": 7, "fillBandwidth": 2e9, "copyBandwidth": 1e10, "segmentFillBandwidth": 2e10}""";

    private static String document(String variant) {
        return "{\"particles\": 1000000.0, \"meanLiveParticles\": 988050.5, \"settleSteps\": 40, \"warmupFrames\": 60,"
                + " \"frames\": 600, \"vertexBytesPerFrame\": 1.549608E7, \"variants\": [" + variant + "]}";
    }

    @Test
    void readsIntegerAndFloatingPointNumbersAlike() {
        FrameLoopResults r = FrameLoopResults.parse(document(VARIANT));
        assertEquals(1_000_000L, r.particles());
        assertEquals(988050.5, r.meanLiveParticles());
        assertEquals(40L, r.settleSteps());
        assertEquals(600L, r.frames());
        assertEquals(15_496_080L, r.vertexBytesPerFrame());
        FrameLoopResults.Variant v = r.variants().get(0);
        assertEquals("frame-arena", v.id());
        assertEquals("(a) frame arena", v.label());
        assertEquals(10.0, v.p50Ms());
        assertEquals(12.5, v.p99Ms());
        assertEquals(3L, v.gcCount());
        assertEquals(2e9, v.fillBandwidth());
        assertEquals(0.2, v.fractionOfCopy());
    }

    @Test
    void namesAMissingField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameLoopResults.parse(document(VARIANT.replace("\"maxMs\": 20,", ""))));
        assertEquals("frame-loop results: missing field 'maxMs'", e.getMessage());
    }

    @Test
    void namesAFieldOfTheWrongType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameLoopResults.parse(document(VARIANT.replace("\"p50Ms\": 10", "\"p50Ms\": \"fast\""))));
        assertEquals("frame-loop results: field 'p50Ms'=\"fast\" is not a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FrameLoopResults.parse(document(VARIANT.replace("\"id\": \"frame-arena\"", "\"id\": null"))));
        assertEquals("frame-loop results: field 'id'=null is not a string", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FrameLoopResults.parse("{\"variants\": {}}"));
        assertEquals("frame-loop results: field 'variants' is not an array", e.getMessage());
    }

    @Test
    void rejectsTextThatIsNotJson() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameLoopResults.parse("{\"variants\": [}"));
        assertEquals("invalid JSON at line=1 column=15: Unexpected close marker '}': expected ']' (for Array starting at"
                + " [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN])",
                e.getMessage());
    }
}
