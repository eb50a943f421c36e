package dev.framealloc.benchmarks.race;

import java.util.Arrays;
import java.util.List;

/**
 * One race in one JVM: every contestant's ns per allocation in every measured round.
 *
 * @param race       the race
 * @param labels     contestant labels, the baseline first
 * @param roles      contestant roles, in the same order
 * @param nsPerOp    {@code nsPerOp[contestant][round]}: nanoseconds per allocation (batch release included)
 */
public record RaceRun(Race race, List<String> labels, List<Contestant.Role> roles, double[][] nsPerOp) {

    public RaceRun {
        if (labels.size() != roles.size() || labels.size() != nsPerOp.length || labels.isEmpty()) {
            throw new IllegalArgumentException("labels=" + labels.size() + " roles=" + roles.size() + " rows="
                    + nsPerOp.length + " must be equal and positive");
        }
        if (roles.get(0) != Contestant.Role.BASELINE) {
            throw new IllegalArgumentException("the first contestant must be the baseline, got " + roles.get(0));
        }
    }

    /** Number of contestants. */
    public int size() {
        return labels.size();
    }

    /** Median over rounds of contestant {@code c}'s ns per allocation. */
    public double median(int c) {
        return RaceRun.median(nsPerOp[c]);
    }

    /** {@code median(c) / median(baseline)}: the ratio of the medians of rounds. */
    public double ratio(int c) {
        return median(c) / median(0);
    }

    /**
     * Median over rounds of {@code nsPerOp[c][r] / nsPerOp[baseline][r]}: each round's ratio of neighbours in
     * time, so a slow drift of the machine cancels out.
     */
    public double pairedRatio(int c) {
        double[] ratios = new double[nsPerOp[c].length];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = nsPerOp[c][r] / nsPerOp[0][r];
        }
        return median(ratios);
    }

    /** Index of the framealloc contestant, the one the goal is about. */
    public int subject() {
        int s = roles.indexOf(Contestant.Role.SUBJECT);
        if (s < 0) {
            throw new IllegalStateException("race " + race.id() + " has no subject contestant");
        }
        return s;
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN when empty. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
