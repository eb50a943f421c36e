package dev.framealloc.benchmarks.race;

import dev.framealloc.benchmarks.BenchmarkFlags;
import dev.framealloc.benchmarks.report.MachineInfo;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The interleaved allocation race: framealloc against its peers, round after round in one JVM.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.framealloc.benchmarks.race.AllocationRace \
 *     [--race address|segment|all] [--size 64] [--alignment 16] [--warmup 15] [--rounds 41] [--batches 2000] \
 *     [--forks 2] [--clock cpu|wall] [--references] [--out race.md] [--command "LINE"]
 * </pre>
 * Races ({@link Race}): {@code address}, {@code MemoryArena.allocateAddress} against LWJGL's
 * {@code MemoryStack.nmalloc}; {@code segment}, {@code MemoryArena.allocate(byteSize, byteAlignment)} against the
 * JDK's {@code SegmentAllocator.slicingAllocator}. A batch is 1,024 allocations and its release; each round runs
 * {@code batches} batches of every contestant in turn. A contestant's score is the median of its rounds, in ns
 * per allocation; its ratio is that median over the baseline's. {@code --references} adds labelled stand-alone
 * copies of fast paths (to decompose a gap). A stretch is timed by the racing thread's CPU time unless
 * {@code --clock wall} says otherwise: on a shared machine, time spent descheduled would otherwise land on whichever
 * contestant was running.
 * <p>
 * Each of {@code --forks} JVMs (default 2) runs every race; JVMs are forked like JMH's, with
 * {@link BenchmarkFlags} and with the contestants' {@code batch()} kept out of the timing loop (never inlined
 * into it), and print their own tables. Then this JVM prints each race's ratio per JVM and the median of them,
 * and with {@code --out} writes the same as a Markdown section. {@code --forks 0} runs in this JVM (start it with
 * the flags yourself). Exit status 0 whether goals are met or not, 2 on bad arguments.
 */
public final class AllocationRace {
    private static final String RESULT_FILE = "--result-file";

    private AllocationRace() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: AllocationRace [--race address|segment|all] [--size BYTES] [--alignment BYTES]"
                    + " [--warmup ROUNDS] [--rounds ROUNDS] [--batches N] [--forks N] [--clock cpu|wall] [--references]"
                    + " [--out FILE]"
                    + " [--command LINE]");
            System.exit(2);
            return;
        }
        if (options.resultFile != null) {
            List<RaceRun> runs = runHere(options);
            write(runs, options.resultFile);
            return;
        }
        String loadBefore = loadAverage();
        List<List<RaceRun>> forks = new ArrayList<>();
        if (options.forks == 0) {
            forks.add(runHere(options));
        } else {
            for (int f = 1; f <= options.forks; f++) {
                System.out.println("# JVM " + f + " of " + options.forks);
                forks.add(runForked(options));
            }
        }
        String loadAfter = loadAverage();
        System.out.println("# summary: ratio of medians of rounds, per JVM");
        System.out.print(RaceReport.summary(forks));
        System.out.println("# load average (1, 5, 15 min) before: " + loadBefore + ", after: " + loadAfter);
        if (options.out != null) {
            Files.writeString(options.out, RaceReport.markdown(forks, header(options, loadBefore, loadAfter)));
            System.out.println("wrote " + options.out);
        }
    }

    private static List<RaceRun> runHere(Options options) {
        if (options.clock == RaceRunner.Clock.CPU
                && !ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time: use --clock wall");
        }
        RaceRunner runner = new RaceRunner(options.size, options.alignment, options.warmup, options.rounds,
                options.batches, options.clock);
        List<RaceRun> runs = new ArrayList<>();
        for (Race race : options.races) {
            RaceRun run = runner.run(race, options.references);
            System.out.print(RaceReport.table(run));
            runs.add(run);
        }
        return runs;
    }

    /** Runs the races in a child JVM with the benchmark flags and reads back its results. */
    private static List<RaceRun> runForked(Options options) throws IOException, InterruptedException {
        Path results = Files.createTempFile("framealloc-race", ".properties");
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(BenchmarkFlags.all()));
            command.add("-XX:CompileCommand=quiet");
            command.add("-XX:CompileCommand=dontinline,dev.framealloc.benchmarks.race.*::batch");
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), AllocationRace.class.getName()));
            command.addAll(options.childArgs());
            command.addAll(List.of(RESULT_FILE, results.toString()));
            Process process = new ProcessBuilder(command).inheritIO().start();
            int status = process.waitFor();
            if (status != 0) {
                throw new IOException("the race JVM exited with status " + status + ": " + String.join(" ", command));
            }
            return read(results);
        } finally {
            Files.deleteIfExists(results);
        }
    }

    private static List<String> header(Options options, String loadBefore, String loadAfter) {
        MachineInfo machine = MachineInfo.current();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Batches of %,d allocations of %d B at alignment %d, each followed by its"
                        + " release. In each of %d JVM%s: %d warm-up rounds, then %d measured rounds; a round runs %,d"
                        + " batches of every contestant in turn, the order reversed every other round, timed by %s."
                        + " Score: the median of a contestant's rounds, in ns per allocation; ratio: that median over"
                        + " the baseline's.", Contestant.BATCH, options.size, options.alignment,
                Math.max(1, options.forks), options.forks == 1 ? "" : "s", options.warmup, options.rounds,
                options.batches, options.clock == RaceRunner.Clock.CPU ? "the thread's CPU time" : "elapsed time"));
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Machine: %s, %d logical CPUs, %s; Java %s. Load average (1, 5, 15 min)"
                        + " before: %s, after: %s.", machine.cpuModel(), machine.logicalCpus(), machine.memory(),
                System.getProperty("java.version"), loadBefore, loadAfter));
        lines.add("");
        lines.add("```");
        lines.add(options.command != null ? options.command
                : "java -cp benchmarks/target/benchmarks.jar " + AllocationRace.class.getName() + " "
                + String.join(" ", options.args));
        lines.add("```");
        return lines;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    // ---- result exchange between a forked JVM and this one: a properties file ----

    static void write(List<RaceRun> runs, Path file) throws IOException {
        Properties p = new Properties();
        List<String> ids = new ArrayList<>();
        for (RaceRun run : runs) {
            String id = run.race().id();
            ids.add(id);
            p.setProperty(id + ".contestants", Integer.toString(run.size()));
            for (int c = 0; c < run.size(); c++) {
                p.setProperty(id + "." + c + ".label", run.labels().get(c));
                p.setProperty(id + "." + c + ".role", run.roles().get(c).name());
                StringBuilder ns = new StringBuilder();
                for (double v : run.nsPerOp()[c]) {
                    ns.append(ns.isEmpty() ? "" : ",").append(v);
                }
                p.setProperty(id + "." + c + ".ns", ns.toString());
            }
        }
        p.setProperty("races", String.join(",", ids));
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "framealloc allocation race results");
        }
    }

    static List<RaceRun> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        List<RaceRun> runs = new ArrayList<>();
        for (String id : p.getProperty("races", "").split(",")) {
            if (id.isEmpty()) {
                continue;
            }
            int n = Integer.parseInt(p.getProperty(id + ".contestants"));
            List<String> labels = new ArrayList<>();
            List<Contestant.Role> roles = new ArrayList<>();
            double[][] ns = new double[n][];
            for (int c = 0; c < n; c++) {
                labels.add(p.getProperty(id + "." + c + ".label"));
                roles.add(Contestant.Role.valueOf(p.getProperty(id + "." + c + ".role")));
                ns[c] = Arrays.stream(p.getProperty(id + "." + c + ".ns").split(",")).mapToDouble(Double::parseDouble)
                        .toArray();
            }
            runs.add(new RaceRun(Race.byId(id), labels, roles, ns));
        }
        if (runs.isEmpty()) {
            throw new IOException(file + " holds no race results");
        }
        return runs;
    }

    /** The command line. */
    static final class Options {
        List<Race> races = List.of(Race.values());
        long size = 64;
        long alignment = 16;
        int warmup = 15;
        int rounds = 41;
        int batches = 2000;
        int forks = 2;
        RaceRunner.Clock clock = RaceRunner.Clock.CPU;
        boolean references;
        Path out;
        String command;
        Path resultFile;
        List<String> args = List.of();

        static Options parse(String[] args) {
            Options o = new Options();
            o.args = List.of(args);
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--references")) {
                    o.references = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--race" -> o.races = v.equals("all") ? List.of(Race.values()) : List.of(Race.byId(v));
                    case "--size" -> o.size = number(a, v, 1);
                    case "--alignment" -> {
                        o.alignment = number(a, v, 1);
                        if (Long.bitCount(o.alignment) != 1) {
                            throw new IllegalArgumentException("--alignment=" + v + " must be a power of two");
                        }
                    }
                    case "--warmup" -> o.warmup = Math.toIntExact(number(a, v, 0));
                    case "--rounds" -> o.rounds = Math.toIntExact(number(a, v, 1));
                    case "--batches" -> o.batches = Math.toIntExact(number(a, v, 1));
                    case "--forks" -> o.forks = Math.toIntExact(number(a, v, 0));
                    case "--clock" -> o.clock = switch (v) {
                        case "cpu" -> RaceRunner.Clock.CPU;
                        case "wall" -> RaceRunner.Clock.WALL;
                        default -> throw new IllegalArgumentException("--clock=" + v + " is not one of cpu, wall");
                    };
                    case "--out" -> o.out = Path.of(v);
                    case "--command" -> o.command = v;
                    case RESULT_FILE -> o.resultFile = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.size > (1 << 20)) {
                throw new IllegalArgumentException("--size=" + o.size + " must be at most 1048576");
            }
            return o;
        }

        /** The options a forked JVM gets: what to run, not how many JVMs or where the report goes. */
        List<String> childArgs() {
            List<String> child = new ArrayList<>(List.of("--size", Long.toString(size), "--alignment",
                    Long.toString(alignment), "--warmup", Integer.toString(warmup), "--rounds",
                    Integer.toString(rounds), "--batches", Integer.toString(batches), "--clock",
                    clock.name().toLowerCase(java.util.Locale.ROOT)));
            if (races.size() == 1) {
                child.addAll(List.of("--race", races.get(0).id()));
            }
            if (references) {
                child.add("--references");
            }
            return child;
        }

        private static long number(String option, String value, long min) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + "=" + value + " is not a number");
            }
            if (n < min) {
                throw new IllegalArgumentException(option + "=" + value + " must be at least " + min);
            }
            return n;
        }
    }
}
