package dev.framealloc.benchmarks.race;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a race in this JVM: warm-up rounds, then measured rounds. In each round every contestant runs
 * {@code batches} batches in one timed stretch; the order alternates (A B C, then C B A) so that no contestant
 * always follows the same neighbour.
 *
 * @param size      bytes per allocation
 * @param alignment alignment of every allocation
 * @param warmup    unmeasured rounds first (JIT compilation)
 * @param rounds    measured rounds
 * @param batches   batches per contestant per round
 * @param clock     what a stretch is timed with
 */
record RaceRunner(long size, long alignment, int warmup, int rounds, int batches, Clock clock) {
    /** Keeps the checksums alive. */
    private static volatile long sink;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What the stretches are timed with. */
    enum Clock {
        /**
         * CPU time of the racing thread ({@code ThreadMXBean#getCurrentThreadCpuTime}): time the thread spends
         * descheduled on a busy machine is not counted. The default.
         */
        CPU,
        /** Elapsed time ({@code System.nanoTime}), as JMH measures. */
        WALL;

        long now() {
            return this == CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
        }
    }

    RaceRun run(Race race, boolean references) {
        List<Contestant> contestants = race.contestants(size, alignment, references);
        try {
            int n = contestants.size();
            double[][] ns = new double[n][rounds];
            double allocations = (double) batches * Contestant.BATCH;
            long checksum = 0;
            for (int round = -warmup; round < rounds; round++) {
                for (int k = 0; k < n; k++) {
                    int c = ((round & 1) == 0) ? k : n - 1 - k;
                    Contestant contestant = contestants.get(c);
                    long start = clock.now();
                    for (int b = 0; b < batches; b++) {
                        checksum += contestant.batch();
                    }
                    long elapsed = clock.now() - start;
                    if (round >= 0) {
                        ns[c][round] = elapsed / allocations;
                    }
                }
            }
            sink = checksum;
            List<String> labels = new ArrayList<>();
            List<Contestant.Role> roles = new ArrayList<>();
            for (Contestant c : contestants) {
                labels.add(c.label());
                roles.add(c.role());
            }
            return new RaceRun(race, labels, roles, ns);
        } finally {
            for (Contestant c : contestants) {
                c.close();
            }
        }
    }
}
