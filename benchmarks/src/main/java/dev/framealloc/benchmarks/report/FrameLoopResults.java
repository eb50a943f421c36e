package dev.framealloc.benchmarks.report;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The frame-loop benchmark's results file, as written by
 * {@link dev.framealloc.benchmarks.frameloop.FrameLoopBenchmark}.
 *
 * @param particles           the simulation's target live count
 * @param meanLiveParticles   live particles per measured frame, on average
 * @param settleSteps         unmeasured frames of 0.1 s run first, so the live count settles
 * @param warmupFrames        unmeasured frames of 1/60 s run after them
 * @param frames              measured frames per variant
 * @param vertexBytesPerFrame vertex bytes written per frame
 * @param variants            one entry per vertex-data source, in run order
 */
public record FrameLoopResults(long particles, double meanLiveParticles, long settleSteps, long warmupFrames, long frames, long vertexBytesPerFrame,
                               List<Variant> variants) {

    /**
     * One vertex-data source's measurements, over the measured frames of its own JVM.
     *
     * @param id                 short id, e.g. {@code frame-arena}
     * @param label              what the variant does, for tables
     * @param p50Ms              median frame time (simulation, vertex fill and release), ms
     * @param p99Ms              99th-percentile frame time, ms
     * @param meanMs             mean frame time, ms
     * @param maxMs              longest frame, ms
     * @param vertexP50Ms        median time of the vertex-data part of a frame (get memory, fill, release), ms
     * @param vertexP99Ms        99th percentile of that time, ms
     * @param heapBytesPerFrame  heap bytes allocated by the frame thread per frame
     * @param gcCount            garbage collections during the measured frames (all collectors)
     * @param gcTimeMs           time the collectors report for those collections, ms
     * @param fillBandwidth      vertex bytes written per second of vertex-fill time (median frame), B/s
     * @param copyBandwidth      {@code MemorySegment.copy} bandwidth over a buffer of the same size, same JVM, B/s
     * @param segmentFillBandwidth {@code MemorySegment.fill} bandwidth over the same buffer, same JVM, B/s
     */
    public record Variant(String id, String label, double p50Ms, double p99Ms, double meanMs, double maxMs,
                          double vertexP50Ms, double vertexP99Ms,
                          double heapBytesPerFrame, long gcCount, double gcTimeMs, double fillBandwidth,
                          double copyBandwidth, double segmentFillBandwidth) {

        /** Vertex-fill bandwidth as a fraction of the copy bandwidth. */
        public double fractionOfCopy() {
            return fillBandwidth / copyBandwidth;
        }

        /** Vertex-fill bandwidth as a fraction of the fill bandwidth. */
        public double fractionOfFill() {
            return fillBandwidth / segmentFillBandwidth;
        }
    }

    /**
     * Reads a results document.
     *
     * @throws IllegalArgumentException if the text is not valid JSON, or a field is missing or of the wrong type
     */
    public static FrameLoopResults parse(String json) {
        JsonNode root = JsonText.parse(json);
        JsonNode variantNodes = require(root, "variants");
        if (!variantNodes.isArray()) {
            throw new IllegalArgumentException("frame-loop results: field 'variants' is not an array");
        }
        List<Variant> variants = new ArrayList<>();
        for (JsonNode v : variantNodes) {
            variants.add(new Variant(text(v, "id"), text(v, "label"), num(v, "p50Ms"),
                    num(v, "p99Ms"), num(v, "meanMs"), num(v, "maxMs"), num(v, "vertexP50Ms"), num(v, "vertexP99Ms"),
                    num(v, "heapBytesPerFrame"),
                    (long) num(v, "gcCount"), num(v, "gcTimeMs"), num(v, "fillBandwidth"), num(v, "copyBandwidth"),
                    num(v, "segmentFillBandwidth")));
        }
        return new FrameLoopResults((long) num(root, "particles"), num(root, "meanLiveParticles"),
                (long) num(root, "settleSteps"), (long) num(root, "warmupFrames"),
                (long) num(root, "frames"), (long) num(root, "vertexBytesPerFrame"), variants);
    }

    private static JsonNode require(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw new IllegalArgumentException("frame-loop results: missing field '" + key + "'");
        }
        return value;
    }

    private static double num(JsonNode node, String key) {
        JsonNode value = require(node, key);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("frame-loop results: field '" + key + "'=" + value + " is not a number");
        }
        return value.doubleValue();
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = require(node, key);
        if (!value.isString()) {
            throw new IllegalArgumentException("frame-loop results: field '" + key + "'=" + value + " is not a string");
        }
        return value.stringValue();
    }
}
