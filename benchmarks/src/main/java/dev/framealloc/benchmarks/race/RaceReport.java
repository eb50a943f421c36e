package dev.framealloc.benchmarks.race;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats race results: one table per race and JVM for the console, and a Markdown section for the docs. */
final class RaceReport {
    private RaceReport() {}

    /** One JVM's results for one race: each contestant's median ns per allocation and its ratios. */
    static String table(RaceRun run) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "race %s: %s (goal <= %.2f)%n", run.race().id(), run.race().ratioName(),
                run.race().goal()));
        sb.append(String.format(Locale.ROOT, "  %-90s %8s %7s %7s%n", "contestant", "ns/op", "ratio", "paired"));
        for (int c = 0; c < run.size(); c++) {
            sb.append(String.format(Locale.ROOT, "  %-90s %8.3f %7.3f %7.3f%n", labelWithRole(run, c),
                    run.median(c), run.ratio(c), run.pairedRatio(c)));
        }
        return sb.toString();
    }

    /** The subject's ratio in every JVM, their median and the verdict, one line per race. */
    static String summary(List<List<RaceRun>> forks) {
        StringBuilder sb = new StringBuilder();
        for (Verdict v : verdicts(forks)) {
            sb.append(String.format(Locale.ROOT, "%s: %s = %s per JVM, median %.3f (goal <= %.2f): %s%n",
                    v.race.id(), v.race.ratioName(), joined(v.ratios), v.median, v.race.goal(),
                    v.met() ? "met" : "MISSED"));
        }
        return sb.toString();
    }

    /**
     * A Markdown section: per race, a table of every contestant's median-of-rounds ns per allocation and ratio
     * to the baseline in each JVM, then the verdict.
     *
     * @param header lines put under the title (setup, command, machine, load)
     */
    static String markdown(List<List<RaceRun>> forks, List<String> header) {
        StringBuilder sb = new StringBuilder("## Interleaved races (one JVM, contestants alternating)\n\n");
        for (String line : header) {
            sb.append(line).append('\n');
        }
        sb.append('\n');
        int races = forks.get(0).size();
        for (int i = 0; i < races; i++) {
            RaceRun first = forks.get(0).get(i);
            sb.append("### ").append(first.race().ratioName()).append("\n\n");
            sb.append("| contestant |");
            for (int f = 0; f < forks.size(); f++) {
                sb.append(" ns/op, JVM ").append(f + 1).append(" |");
            }
            for (int f = 0; f < forks.size(); f++) {
                sb.append(" ratio, JVM ").append(f + 1).append(" |");
            }
            sb.append("\n|---|").append("---:|".repeat(2 * forks.size())).append('\n');
            for (int c = 0; c < first.size(); c++) {
                sb.append("| ").append(labelWithRole(first, c)).append(" |");
                for (List<RaceRun> fork : forks) {
                    sb.append(String.format(Locale.ROOT, " %.3f |", fork.get(i).median(c)));
                }
                for (List<RaceRun> fork : forks) {
                    sb.append(String.format(Locale.ROOT, " %.3f |", fork.get(i).ratio(c)));
                }
                sb.append('\n');
            }
            Verdict v = verdicts(forks).get(i);
            sb.append(String.format(Locale.ROOT, "%n`%s`: %s per JVM, median **%.3f**; goal <= %.2f: **%s**.%n%n",
                    v.race.ratioName(), joined(v.ratios), v.median, v.race.goal(), v.met() ? "met" : "missed"));
        }
        return sb.toString();
    }

    /** The subject's ratio to the baseline in each JVM, for each race. */
    static List<Verdict> verdicts(List<List<RaceRun>> forks) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < forks.get(0).size(); i++) {
            Race race = forks.get(0).get(i).race();
            double[] ratios = new double[forks.size()];
            for (int f = 0; f < forks.size(); f++) {
                RaceRun run = forks.get(f).get(i);
                ratios[f] = run.ratio(run.subject());
            }
            verdicts.add(new Verdict(race, ratios, RaceRun.median(ratios)));
        }
        return verdicts;
    }

    /** A race's outcome: the subject's ratio in each JVM and their median. */
    record Verdict(Race race, double[] ratios, double median) {
        boolean met() {
            return median <= race.goal();
        }
    }

    private static String labelWithRole(RaceRun run, int c) {
        return switch (run.roles().get(c)) {
            case BASELINE -> run.labels().get(c) + " (baseline)";
            case SUBJECT, REFERENCE -> run.labels().get(c);
        };
    }

    private static String joined(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return sb.toString();
    }
}
