package dev.framealloc.benchmarks.workers;

import dev.framealloc.memory.FrameArenas;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The worker-versus-main {@code allocateAddress} comparison raced in one JVM: round after round, every contestant
 * of {@link WorkerAllocation} runs the same number of frames in turn (order reversed every other round), each
 * stretch timed by the thread's CPU time, so descheduling on a busy machine does not land on one contestant. A
 * contestant's score is the median of its rounds in ns per allocation; its ratio is that median over the main
 * arena's.
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.framealloc.benchmarks.workers.WorkerAllocationRace [--warmup 15] [--rounds 41] [--frames 2000] [--clock cpu|wall]
 * </pre>
 * Exit status 0 whether the goal (worker / main {@code <= 1.05}) is met or not, 2 on bad arguments.
 */
public final class WorkerAllocationRace {
    private static final double GOAL = 1.05;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile long sink;

    private WorkerAllocationRace() {}

    public static void main(String[] args) throws IOException {
        int warmup = 15;
        int rounds = 41;
        int frames = 2000;
        boolean cpu = true;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--warmup" -> warmup = positive(args[i], args[++i]);
                    case "--rounds" -> rounds = positive(args[i], args[++i]);
                    case "--frames" -> frames = positive(args[i], args[++i]);
                    case "--clock" -> cpu = switch (args[++i]) {
                        case "cpu" -> true;
                        case "wall" -> false;
                        default -> throw new IllegalArgumentException("--clock " + args[i] + ": expected cpu or wall");
                    };
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("error: " + (e instanceof ArrayIndexOutOfBoundsException ? "missing value" : e.getMessage()));
            System.err.println("usage: WorkerAllocationRace [--warmup ROUNDS] [--rounds ROUNDS] [--frames N] [--clock cpu|wall]");
            System.exit(2);
            return;
        }
        String loadBefore = loadAverage();
        double[][] ns = race(warmup, rounds, frames, cpu);
        String loadAfter = loadAverage();
        WorkerAllocation[] contestants = WorkerAllocation.values();
        double baseline = median(ns[WorkerAllocation.MAIN.ordinal()]);
        System.out.printf(Locale.ROOT, "%d frames of %d x allocateAddress(%d, %d) per contestant per round; %d warm-up"
                        + " rounds, %d measured, timed by %s%n", frames, WorkerAllocation.BATCH, WorkerAllocation.SIZE,
                WorkerAllocation.ALIGNMENT, warmup, rounds, cpu ? "thread CPU time" : "elapsed time");
        System.out.printf(Locale.ROOT, "%-26s %12s %12s %12s %9s%n", "contestant", "median ns", "p25 ns", "p75 ns", "ratio");
        for (WorkerAllocation c : contestants) {
            double[] sorted = ns[c.ordinal()].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%-26s %12.3f %12.3f %12.3f %8.3fx%n", c.label(), median(sorted),
                    sorted[sorted.length / 4], sorted[sorted.length * 3 / 4], median(sorted) / baseline);
        }
        double ratio = median(ns[WorkerAllocation.WORKER.ordinal()]) / baseline;
        System.out.printf(Locale.ROOT, "worker / main allocateAddress: %.3fx (goal <= %.2f: %s)%n", ratio, GOAL,
                ratio <= GOAL ? "met" : "not met");
        System.out.println("load average (1, 5, 15 min) before: " + loadBefore + ", after: " + loadAfter);
    }

    /** Returns ns per allocation, [contestant][round]. */
    static double[][] race(int warmup, int rounds, int framesPerRound, boolean cpu) {
        WorkerAllocation[] contestants = WorkerAllocation.values();
        int n = contestants.length;
        FrameArenas[] frames = new FrameArenas[n];
        double[][] ns = new double[n][rounds];
        try {
            for (int c = 0; c < n; c++) {
                frames[c] = contestants[c].newFrames();
            }
            double allocations = (double) framesPerRound * WorkerAllocation.BATCH;
            long checksum = 0;
            for (int round = -warmup; round < rounds; round++) {
                for (int k = 0; k < n; k++) {
                    int c = (round & 1) == 0 ? k : n - 1 - k;
                    long start = now(cpu);
                    checksum += stretch(contestants[c], frames[c], framesPerRound);
                    long elapsed = now(cpu) - start;
                    if (round >= 0) {
                        ns[c][round] = elapsed / allocations;
                    }
                }
            }
            sink = checksum;
            return ns;
        } finally {
            for (FrameArenas f : frames) {
                if (f != null) {
                    f.close();
                }
            }
        }
    }

    private static long stretch(WorkerAllocation contestant, FrameArenas frames, int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += contestant.frame(frames);
        }
        return sum;
    }

    private static long now(boolean cpu) {
        return cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static int positive(String flag, String value) {
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + value + ": not an integer");
        }
        if (v <= 0) {
            throw new IllegalArgumentException(flag + " " + value + ": must be positive");
        }
        return v;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
