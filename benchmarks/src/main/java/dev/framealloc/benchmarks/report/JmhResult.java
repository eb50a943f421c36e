package dev.framealloc.benchmarks.report;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One JMH result (a benchmark method with one set of parameters), reduced to what the report needs.
 *
 * @param className   the benchmark class's simple name, e.g. {@code BumpAllocationBenchmark}
 * @param method      the benchmark method, e.g. {@code arenaAllocateAddress}
 * @param params      the {@code @Param} values, in JMH's order
 * @param median      median of every measured iteration of every fork, in {@code unit}; for JMH's sample-time
 *                    mode, the median of every sampled invocation (JMH's {@code p0.50})
 * @param minimum     the fastest measured iteration (sample-time mode: the fastest sampled invocation), in
 *                    {@code unit}
 * @param score       JMH's score (the mean), in {@code unit}
 * @param error       half-width of JMH's 99.9% confidence interval, in {@code unit}; NaN when JMH gives none
 * @param unit        the score's unit, e.g. {@code ns/op}
 * @param bytesPerOp  heap bytes allocated per operation ({@code gc.alloc.rate.norm} of {@code -prof gc}); NaN
 *                    when the run had no GC profiler
 * @param iterations  the measured iteration values, all forks in order
 * @param forkMedians the median of each fork's measured iterations, in fork order (empty in sample-time mode)
 */
public record JmhResult(String className, String method, Map<String, String> params, double median, double minimum,
                        double score,
                        double error, String unit, double bytesPerOp, double[] iterations, double[] forkMedians) {

    /** The value of {@code @Param} {@code name}, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /**
     * Reads every result of a JMH {@code -rf json} document.
     *
     * @throws IllegalArgumentException if the document is not valid JSON or not a JMH result array
     */
    public static List<JmhResult> parseAll(String json) {
        return readAll(JsonText.parse(json));
    }

    /**
     * Reads every result of a parsed JMH {@code -rf json} document.
     *
     * @throws IllegalArgumentException if {@code root} is not an array
     */
    public static List<JmhResult> readAll(JsonNode root) {
        if (!root.isArray()) {
            throw new IllegalArgumentException("JMH results must be a JSON array, got "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode run : root) {
            results.add(from(run));
        }
        return results;
    }

    static JmhResult from(JsonNode run) {
        String benchmark = run.path("benchmark").asString();
        int methodDot = benchmark.lastIndexOf('.');
        int classDot = benchmark.lastIndexOf('.', methodDot - 1);
        String className = benchmark.substring(classDot + 1, methodDot);
        String method = benchmark.substring(methodDot + 1);
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : run.path("params").properties()) {
            params.put(e.getKey(), e.getValue().asString());
        }
        JsonNode primary = run.path("primaryMetric");
        JsonNode rawData = primary.path("rawData");
        double[] iterations = flatten(rawData);
        double median = median(iterations);
        double minimum = Arrays.stream(iterations).min().orElse(Double.NaN);
        JsonNode percentiles = primary.path("scorePercentiles");
        if (percentiles.has("50.0")) {
            median = number(percentiles.get("50.0"));
            minimum = number(percentiles.path("0.0"));
        }
        double bytesPerOp = Double.NaN;
        for (Map.Entry<String, JsonNode> e : run.path("secondaryMetrics").properties()) {
            String key = e.getKey();
            if (key.startsWith("\u00b7")) {
                key = key.substring(1);
            }
            if (key.equals("gc.alloc.rate.norm")) {
                bytesPerOp = number(e.getValue().path("score"));
            }
        }
        return new JmhResult(className, method, params, median, minimum, number(primary.path("score")),
                number(primary.path("scoreError")), primary.path("scoreUnit").stringValue(null), bytesPerOp,
                iterations, forkMedians(rawData));
    }

    /** Median of {@code values}; NaN when empty. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double[] forkMedians(JsonNode rawData) {
        List<Double> medians = new ArrayList<>();
        if (rawData.isArray()) {
            for (JsonNode fork : rawData) {
                medians.add(median(iterationsOf(fork)));
            }
        }
        return medians.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] flatten(JsonNode rawData) {
        List<Double> values = new ArrayList<>();
        if (rawData.isArray()) {
            for (JsonNode fork : rawData) {
                for (double v : iterationsOf(fork)) {
                    values.add(v);
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] iterationsOf(JsonNode fork) {
        if (!fork.isArray()) {
            return new double[0];
        }
        double[] values = new double[fork.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(fork.get(i));
        }
        return values;
    }

    /** A JSON number's value; a string such as JMH's {@code "NaN"} parsed; NaN for anything else or a missing node. */
    static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isString()) {
            try {
                return Double.parseDouble(node.stringValue());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
