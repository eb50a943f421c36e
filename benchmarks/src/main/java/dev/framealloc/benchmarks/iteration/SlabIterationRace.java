package dev.framealloc.benchmarks.iteration;

import dev.framealloc.benchmarks.BenchmarkFlags;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Races the walks of {@link SlabWalks} interleaved in one JVM, on one {@link ChurnedSlab}: round after round, each
 * contestant walks all live particles a few times, in an order that rotates every round, so that a slow stretch of
 * a shared machine hits every contestant alike. The result per contestant is the median over rounds of its mean
 * walk time in the round, and the ratios are medians of the ratios within each round. JMH's forks
 * ({@link dev.framealloc.benchmarks.SlabIterationBenchmark}) each churn their own slab and compile their own code;
 * this race takes both differences out of the ratios.
 * <pre>
 * java -cp benchmarks.jar dev.framealloc.benchmarks.iteration.SlabIterationRace \
 *     [--live 1000000] [--frames 600] [--rounds 41] [--walks 3] [--warmup 20] [--out slab-iteration-race.properties]
 * </pre>
 * Runs in a child JVM started with {@link BenchmarkFlags} (like JMH's forks) unless {@code --in-this-jvm} is given.
 * Writes a properties file; {@link dev.framealloc.benchmarks.report.IterationRaceResults} reads it.
 */
public final class SlabIterationRace {
    /** Contestant ids, in the order of the report's tables. */
    public static final List<String> IDS = List.of("denseIndex", "addressOrder", "wordOrder", "sortedAddresses",
            "structureOfArrays");
    private static final int DENSE = IDS.indexOf("denseIndex"), ADDRESS = IDS.indexOf("addressOrder"),
            WORD = IDS.indexOf("wordOrder"), SORTED = IDS.indexOf("sortedAddresses");
    private static final long SEED = 42L;

    private SlabIterationRace() {}

    public static void main(String[] args) throws Exception {
        int live = 1_000_000;
        int frames = 600;
        int rounds = 41;
        int walks = 3;
        int warmup = 20;
        Path out = Path.of("slab-iteration-race.properties");
        boolean here = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--in-this-jvm")) {
                here = true;
                continue;
            }
            String v = i + 1 < args.length ? args[++i] : null;
            if (v == null) {
                usage(args[i] + " needs a value");
            }
            switch (args[i - 1]) {
                case "--live" -> live = positive(args[i - 1], v);
                case "--frames" -> frames = positive(args[i - 1], v);
                case "--rounds" -> rounds = positive(args[i - 1], v);
                case "--walks" -> walks = positive(args[i - 1], v);
                case "--warmup" -> warmup = positive(args[i - 1], v);
                case "--out" -> out = Path.of(v);
                default -> usage("unknown option " + args[i - 1]);
            }
        }
        if (!here) {
            fork(args);
            return;
        }
        Properties result = race(live, frames, rounds, walks, warmup);
        try (Writer w = Files.newBufferedWriter(out)) {
            result.store(w, "SlabIterationRace: ns per live particle, median of rounds");
        }
        System.out.println("slab iteration race: wrote " + out);
        for (String id : IDS) {
            System.out.println(String.format(Locale.ROOT, "  %-18s %8.3f ns per particle", id,
                    Double.parseDouble(result.getProperty(id + ".median_ns"))));
        }
        System.out.println("  addressOrder / sortedAddresses " + result.getProperty("addressOrder_over_sortedAddresses.median")
                + ", wordOrder / sortedAddresses " + result.getProperty("wordOrder_over_sortedAddresses.median")
                + ", addressOrder / denseIndex " + result.getProperty("addressOrder_over_denseIndex.median"));
    }

    /** Runs the race in this JVM and returns its results. */
    static Properties race(int live, int frames, int rounds, int walks, int warmup) {
        String startLoad = loadAverage();
        long start = System.nanoTime();
        try (ChurnedSlab churned = ChurnedSlab.create(live, frames, SEED)) {
            for (int w = 0; w < warmup; w++) {
                for (int c = 0; c < IDS.size(); c++) {
                    walk(churned, c, live);
                }
            }
            double[][] nsPerParticle = new double[IDS.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < IDS.size(); k++) {
                    int c = (r + k) % IDS.size();
                    long t0 = System.nanoTime();
                    for (int w = 0; w < walks; w++) {
                        walk(churned, c, live);
                    }
                    nsPerParticle[c][r] = (System.nanoTime() - t0) / (double) walks / live;
                }
            }
            Properties p = new Properties();
            p.setProperty("live", String.valueOf(live));
            p.setProperty("frames", String.valueOf(frames));
            p.setProperty("rounds", String.valueOf(rounds));
            p.setProperty("walks_per_round", String.valueOf(walks));
            p.setProperty("warmup_walks", String.valueOf(warmup));
            p.setProperty("slot_limit", String.valueOf(churned.slab().slotLimit()));
            p.setProperty("capacity", String.valueOf(churned.slab().capacity()));
            p.setProperty("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
            p.setProperty("start_loadavg", startLoad);
            p.setProperty("end_loadavg", loadAverage());
            p.setProperty("duration_s", String.valueOf((System.nanoTime() - start) / 1_000_000_000L));
            for (int c = 0; c < IDS.size(); c++) {
                put(p, IDS.get(c) + ".", "ns", nsPerParticle[c]);
            }
            put(p, "addressOrder_over_sortedAddresses.", "", ratios(nsPerParticle[ADDRESS], nsPerParticle[SORTED]));
            put(p, "wordOrder_over_sortedAddresses.", "", ratios(nsPerParticle[WORD], nsPerParticle[SORTED]));
            put(p, "addressOrder_over_denseIndex.", "", ratios(nsPerParticle[ADDRESS], nsPerParticle[DENSE]));
            return p;
        }
    }

    /** Walks contestant {@code c} once and checks it visited every live particle. */
    private static void walk(ChurnedSlab churned, int c, int live) {
        int visited = switch (IDS.get(c)) {
            case "denseIndex" -> SlabWalks.denseIndex(churned.slab());
            case "addressOrder" -> SlabWalks.addressOrder(churned.slab());
            case "wordOrder" -> SlabWalks.wordOrder(churned.slab());
            case "sortedAddresses" -> SlabWalks.sortedAddresses(churned.sortedAddresses());
            case "structureOfArrays" -> SlabWalks.structureOfArrays(churned.x(), churned.vx());
            default -> throw new IllegalArgumentException("contestant=" + c);
        };
        if (visited != live) {
            throw new IllegalStateException(IDS.get(c) + " visited " + visited + " particles, not " + live);
        }
    }

    private static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    /** Stores the median, 10th and 90th percentiles of {@code values} under {@code prefix + "median" + suffix} etc. */
    private static void put(Properties p, String prefix, String suffix, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        String s = suffix.isEmpty() ? "" : "_" + suffix;
        p.setProperty(prefix + "median" + s, format(percentile(sorted, 0.5)));
        p.setProperty(prefix + "p10" + s, format(percentile(sorted, 0.1)));
        p.setProperty(prefix + "p90" + s, format(percentile(sorted, 0.9)));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Runs this race in a child JVM with the benchmark flags and this JVM's class path. */
    private static void fork(String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(BenchmarkFlags.all()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SlabIterationRace.class.getName()));
        command.addAll(List.of(args));
        command.add("--in-this-jvm");
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("slab iteration race failed: exit code " + exit);
        }
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(option + "=" + value + " must be a positive integer");
        return 0;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: SlabIterationRace [--live N] [--frames N] [--rounds N] [--walks N] [--warmup N]"
                + " [--out FILE] [--in-this-jvm]");
        System.exit(2);
    }
}
