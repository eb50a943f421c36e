package dev.framealloc.benchmarks.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
     * @throws IllegalArgumentException if the document is not a JMH result array
     */
    @SuppressWarnings("unchecked")
    public static List<JmhResult> parseAll(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof List<?> list)) {
            throw new IllegalArgumentException("JMH results must be a JSON array, got " + describe(root));
        }
        List<JmhResult> results = new ArrayList<>();
        for (Object o : list) {
            results.add(from((Map<String, Object>) o));
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    static JmhResult from(Map<String, Object> run) {
        String benchmark = (String) run.get("benchmark");
        int methodDot = benchmark.lastIndexOf('.');
        int classDot = benchmark.lastIndexOf('.', methodDot - 1);
        String className = benchmark.substring(classDot + 1, methodDot);
        String method = benchmark.substring(methodDot + 1);
        Map<String, String> params = new LinkedHashMap<>();
        Object p = run.get("params");
        if (p instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                params.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        }
        Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
        double[] iterations = flatten(primary.get("rawData"));
        double median = median(iterations);
        double minimum = Arrays.stream(iterations).min().orElse(Double.NaN);
        if (primary.get("scorePercentiles") instanceof Map<?, ?> percentiles && percentiles.containsKey("50.0")) {
            median = number(percentiles.get("50.0"));
            minimum = number(percentiles.get("0.0"));
        }
        double bytesPerOp = Double.NaN;
        Object secondary = run.get("secondaryMetrics");
        if (secondary instanceof Map<?, ?> metrics) {
            for (Map.Entry<?, ?> e : metrics.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.startsWith("\u00b7")) {
                    key = key.substring(1);
                }
                if (key.equals("gc.alloc.rate.norm")) {
                    bytesPerOp = number(((Map<String, Object>) e.getValue()).get("score"));
                }
            }
        }
        return new JmhResult(className, method, params, median, minimum, number(primary.get("score")),
                number(primary.get("scoreError")), (String) primary.get("scoreUnit"), bytesPerOp, iterations,
                forkMedians(primary.get("rawData")));
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

    private static double[] forkMedians(Object rawData) {
        List<Double> medians = new ArrayList<>();
        if (rawData instanceof List<?> forks) {
            for (Object fork : forks) {
                medians.add(median(flatten(List.of(fork))));
            }
        }
        return medians.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] flatten(Object rawData) {
        List<Double> values = new ArrayList<>();
        if (rawData instanceof List<?> forks) {
            for (Object fork : forks) {
                if (fork instanceof List<?> its) {
                    for (Object v : its) {
                        values.add(number(v));
                    }
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double number(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }
}
