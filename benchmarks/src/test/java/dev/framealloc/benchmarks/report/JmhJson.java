package dev.framealloc.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds JMH-shaped JSON documents for tests: one entry per benchmark, every iteration at the given score. */
final class JmhJson {
    private final List<String> entries = new ArrayList<>();

    /** Adds a result whose two forks measured {@code nsPerOp} in every iteration. */
    JmhJson add(String className, String method, String params, double nsPerOp, double bytesPerOp) {
        return addIterations(className, method, params, new double[][] {{nsPerOp, nsPerOp}, {nsPerOp, nsPerOp}},
                bytesPerOp, "gc.alloc.rate.norm");
    }

    /** Adds a result with explicit per-fork iteration values. */
    JmhJson addIterations(String className, String method, String params, double[][] raw, double bytesPerOp,
                          String normKey) {
        StringBuilder rawText = new StringBuilder("[");
        double sum = 0;
        int n = 0;
        for (int f = 0; f < raw.length; f++) {
            rawText.append(f == 0 ? "[" : ",[");
            for (int i = 0; i < raw[f].length; i++) {
                rawText.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", raw[f][i]));
                sum += raw[f][i];
                n++;
            }
            rawText.append(']');
        }
        rawText.append(']');
        entries.add(String.format(Locale.ROOT, """
                {"jmhVersion":"1.37","benchmark":"dev.framealloc.benchmarks.%s.%s","mode":"avgt","threads":1,
                 "forks":2,"jvm":"/jdk/bin/java","jvmArgs":["-Xmx1g"],"jdkVersion":"25","vmName":"Test VM",
                 "vmVersion":"25+1","warmupIterations":2,"warmupTime":"1 s","measurementIterations":5,
                 "measurementTime":"1 s","params":{%s},
                 "primaryMetric":{"score":%.6f,"scoreError":0.01,"scoreConfidence":[0,1],"scoreUnit":"ns/op",
                   "rawData":%s},
                 "secondaryMetrics":{"%s":{"score":%.6f,"scoreError":"NaN","scoreUnit":"B/op","rawData":[[0]]}}}""",
                className, method, params, sum / n, rawText, normKey, bytesPerOp));
        return this;
    }

    String build() {
        return "[" + String.join(",\n", entries) + "]";
    }
}
