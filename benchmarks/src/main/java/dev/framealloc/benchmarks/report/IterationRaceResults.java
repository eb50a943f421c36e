package dev.framealloc.benchmarks.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The results file of {@link dev.framealloc.benchmarks.iteration.SlabIterationRace}: the slab walks raced
 * interleaved in one JVM.
 *
 * @param live              live particles per walk
 * @param frames            frames of churn before the race
 * @param rounds            rounds of the race
 * @param walksPerRound     walks of each contestant per round
 * @param slotLimit         the churned slab's {@code slotLimit()}
 * @param startLoad         load average (1, 5, 15 min) when the race started
 * @param endLoad           load average when it ended
 * @param nsPerParticle     per contestant id, in the race's order: ns per particle over the rounds (the
 *                          word-order walk only in files of races that had it)
 * @param addressOverSorted per round, address-order walk time / sorted-address time
 * @param wordOverSorted    per round, word-order walk time / sorted-address time; null when the race had no
 *                          word-order walk
 * @param addressOverDense  per round, address-order walk time / dense-index walk time
 */
public record IterationRaceResults(int live, int frames, int rounds, int walksPerRound, int slotLimit,
                                   String startLoad, String endLoad, Map<String, Spread> nsPerParticle,
                                   Spread addressOverSorted, Spread wordOverSorted, Spread addressOverDense) {
    /** Contestant ids, as the race writes them. */
    static final List<String> IDS = List.of("denseIndex", "addressOrder", "wordOrder", "sortedAddresses",
            "structureOfArrays");
    /** The contestant added later: a results file of an older race lacks it. */
    static final String OPTIONAL_ID = "wordOrder";

    /**
     * Median and 10th and 90th percentiles over the rounds.
     *
     * @param median median
     * @param p10    10th percentile
     * @param p90    90th percentile
     */
    public record Spread(double median, double p10, double p90) {}

    /**
     * Reads a results file.
     *
     * @throws IllegalArgumentException if a key is missing or not a number
     */
    public static IterationRaceResults read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return parse(p, file.toString());
    }

    static IterationRaceResults parse(Properties p, String source) {
        Map<String, Spread> ns = new LinkedHashMap<>();
        for (String id : IDS) {
            if (!id.equals(OPTIONAL_ID) || p.getProperty(id + ".median_ns") != null) {
                ns.put(id, spread(p, id + ".", "_ns", source));
            }
        }
        boolean word = ns.containsKey(OPTIONAL_ID);
        return new IterationRaceResults(integer(p, "live", source), integer(p, "frames", source),
                integer(p, "rounds", source), integer(p, "walks_per_round", source), integer(p, "slot_limit", source),
                p.getProperty("start_loadavg", "unknown"), p.getProperty("end_loadavg", "unknown"), ns,
                spread(p, "addressOrder_over_sortedAddresses.", "", source),
                word ? spread(p, "wordOrder_over_sortedAddresses.", "", source) : null,
                spread(p, "addressOrder_over_denseIndex.", "", source));
    }

    private static Spread spread(Properties p, String prefix, String suffix, String source) {
        return new Spread(number(p, prefix + "median" + suffix, source), number(p, prefix + "p10" + suffix, source),
                number(p, prefix + "p90" + suffix, source));
    }

    private static int integer(Properties p, String key, String source) {
        return (int) number(p, key, source);
    }

    private static double number(Properties p, String key, String source) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(source + " has no " + key + " (is it a SlabIterationRace results file?)");
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + "=" + v + " is not a number");
        }
    }
}
