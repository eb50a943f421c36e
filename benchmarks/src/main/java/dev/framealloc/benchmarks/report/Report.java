package dev.framealloc.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Builds {@code BENCHMARKS.md} from JMH results and frame-loop results: tables of medians and ratios, the
 * issue's targets with their verdicts, and the charts.
 */
public final class Report {
    static final String BUMP = "BumpAllocationBenchmark";
    static final String RESET = "ResetCostBenchmark";
    static final String FRAME = "FrameBeginBenchmark";
    static final String JFR = "JfrHookBenchmark";
    static final String SLAB = "SlabAllocationBenchmark";
    static final String CHECKED = "CheckedModeOverheadBenchmark";
    static final String ITERATION = "SlabIterationBenchmark";
    /** Heap bytes per operation shown as zero (JMH's own allocation spread over the operations is ~1e-4). */
    static final double ZERO_BYTES = 0.01;
    /** Operations per timed invocation of the batched benchmarks. */
    static final int BATCH = 1024;
    /** A difference below this many ns is below what this machine can resolve (about two CPU cycles). */
    static final double UNMEASURABLE_NS = 0.5;

    /** Bump contestants in table order, with their labels. */
    static final Map<String, String> BUMP_CONTESTANTS = new LinkedHashMap<>();

    static {
        BUMP_CONTESTANTS.put("arenaAllocateAddress", "`MemoryArena.allocateAddress`");
        BUMP_CONTESTANTS.put("arenaAllocateSegment", "`MemoryArena.allocate` (segment)");
        BUMP_CONTESTANTS.put("memoryStackNmalloc", "LWJGL `MemoryStack.nmalloc` (push/pop)");
        BUMP_CONTESTANTS.put("memUtilAllocFree", "LWJGL `nmemAlloc`/`nmemFree`");
        BUMP_CONTESTANTS.put("byteBufferAllocateDirect", "`ByteBuffer.allocateDirect`");
        BUMP_CONTESTANTS.put("jdkConfinedArena", "`Arena.ofConfined()` (close per batch)");
        BUMP_CONTESTANTS.put("jdkSlicingAllocator", "`SegmentAllocator.slicingAllocator`");
        BUMP_CONTESTANTS.put("heapByteArray", "heap `new byte[n]`");
    }

    /** What the report was made from and how; {@code iterationRace} is null when the race was not run. */
    public record Inputs(List<JmhResult> jmh, Map<String, Object> jmhRun, FrameLoopResults frameLoop,
                         MachineInfo machine, String mode, String generatedAt, List<String> commands,
                         Properties runInfo, IterationRaceResults iterationRace) {

        /** Inputs without the slab-iteration race. */
        public Inputs(List<JmhResult> jmh, Map<String, Object> jmhRun, FrameLoopResults frameLoop,
                      MachineInfo machine, String mode, String generatedAt, List<String> commands,
                      Properties runInfo) {
            this(jmh, jmhRun, frameLoop, machine, mode, generatedAt, commands, runInfo, null);
        }

        /** These inputs with the slab-iteration race's results. */
        public Inputs withIterationRace(IterationRaceResults race) {
            return new Inputs(jmh, jmhRun, frameLoop, machine, mode, generatedAt, commands, runInfo, race);
        }
    }

    private final Inputs in;
    private final StringBuilder md = new StringBuilder();
    private final List<Target> targets = new ArrayList<>();

    private Report(Inputs in) {
        this.in = in;
    }

    /** The generated Markdown and the targets it evaluated. */
    public record Result(String markdown, List<Target> targets) {}

    /**
     * Evaluates the targets, writes the charts into {@code imageDir} (none when it is null) and returns the
     * Markdown, which links the charts as {@code imageLink + fileName}.
     */
    public static Result generate(Inputs in, Path imageDir, String imageLink) throws IOException {
        Report r = new Report(in);
        String markdown = r.build(imageDir, imageLink);
        return new Result(markdown, List.copyOf(r.targets));
    }

    private String build(Path imageDir, String imageLink) throws IOException {
        bumpSection(imageDir, imageLink);
        resetSection();
        frameSection();
        slabSection();
        checkedSection();
        frameLoopSection(imageDir, imageLink);
        slabIterationSection(imageDir, imageLink);
        String body = md.toString();
        md.setLength(0);

        line("# Benchmarks");
        line();
        String self = "scripts/benchmarks.sh" + ("quick".equals(in.mode) ? " --quick" : "");
        line("Measured on " + in.generatedAt + " by `" + self + "` (or `" + self + " --report-only`) from the JMH JSON"
                + " and the frame-loop results of its last run (mode: **" + in.mode + "**). Do not edit by hand: rerun"
                + " the command.");
        line();
        line("This machine is shared with other jobs and noisy, so absolute times are only indicative. Every"
                + " comparison below is between contestants measured in the same run, in forked JVMs with the same"
                + " flags, and uses **medians** of all measured iterations of all forks; ratios are what to read.");
        line();
        targetsSection();
        machineSection();
        md.append(body);
        return md.toString();
    }

    // ---------------------------------------------------------------------------------------------------
    // Sections
    // ---------------------------------------------------------------------------------------------------

    private void targetsSection() {
        line("## Targets");
        line();
        line("| target | measured | required | verdict |");
        line("|---|---|---|---|");
        for (Target t : targets) {
            line("| " + t.name() + " | " + t.measured() + " | " + t.required() + " | " + t.verdict() + " |");
        }
        line();
        long missed = targets.stream().filter(t -> !t.met()).count();
        line(missed == 0 ? "All " + targets.size() + " targets are met in this run."
                : missed + " of " + targets.size() + " targets are missed in this run; see the notes of each section.");
        line();
    }

    private void machineSection() {
        line("## Machine, JVM and commands");
        line();
        MachineInfo m = in.machine;
        line("- CPU: " + m.cpuModel() + ", " + m.logicalCpus() + " logical CPUs; memory " + m.memory() + "; " + m.os());
        Map<String, Object> run = in.jmhRun;
        line("- JVM: " + run.getOrDefault("vmName", "?") + " " + run.getOrDefault("vmVersion", "?") + " (JDK "
                + run.getOrDefault("jdkVersion", "?") + "), `" + run.getOrDefault("jvm", "?") + "`");
        line("- JMH " + run.getOrDefault("jmhVersion", "?") + ": " + count(run.get("forks"), "fork") + ", "
                + count(run.get("warmupIterations"), "warm-up iteration") + " of " + run.getOrDefault("warmupTime", "?")
                + ", " + count(run.get("measurementIterations"), "measured iteration") + " of "
                + run.getOrDefault("measurementTime", "?") + ", `-prof gc` (heap bytes per operation are"
                + " `gc.alloc.rate.norm`)");
        Object args = run.get("jvmArgs");
        line("- Flags of every forked JVM (JMH and frame loop): `" + (args instanceof List<?> l ? String.join(" ",
                l.stream().map(String::valueOf).toList()) : "?") + "`");
        Properties info = in.runInfo;
        if (info != null && info.containsKey("duration_s")) {
            line("- The run took " + info.getProperty("duration_s") + " s; load average (1, 5, 15 min) "
                    + info.getProperty("start_loadavg", "?") + " before it and " + info.getProperty("end_loadavg", "?")
                    + " after it, on " + m.logicalCpus() + " CPUs (other jobs were running on this machine)");
        }
        line();
        line("Commands (the first runs all of the others):");
        line();
        line("```sh");
        for (String c : in.commands) {
            line(c);
        }
        line("```");
        line();
    }

    private void bumpSection(Path imageDir, String imageLink) throws IOException {
        List<String> sizes = paramValues(BUMP, "size");
        if (sizes.isEmpty()) {
            return;
        }
        {
            line("## 1. Bump allocation");
            line();
            line("Batches of 1,024 allocations at alignment 16, then the contestant's release (reset, pop, free,"
                    + " close, or the garbage collector). Median ns per allocation, the release amortised over the"
                    + " batch. `allocateDirect` and `Arena.ofConfined` also zero the memory, as their APIs require.");
            line();
            line(header("contestant", sizes.stream().map(s -> s + " B").toList()));
            for (Map.Entry<String, String> c : BUMP_CONTESTANTS.entrySet()) {
                List<String> cells = new ArrayList<>();
                for (String size : sizes) {
                    JmhResult r = find(BUMP, c.getKey(), "size", size);
                    cells.add(r == null ? "n/a" : ns(r.median()));
                }
                line(row(c.getValue(), cells));
            }
            line();
            line("Heap bytes per allocation (`-prof gc`):");
            line();
            line(header("contestant", sizes.stream().map(s -> s + " B").toList()));
            for (Map.Entry<String, String> c : BUMP_CONTESTANTS.entrySet()) {
                List<String> cells = new ArrayList<>();
                for (String size : sizes) {
                    JmhResult r = find(BUMP, c.getKey(), "size", size);
                    cells.add(r == null ? "n/a" : bytes(r.bytesPerOp()));
                }
                line(row(c.getValue(), cells));
            }
            line();
            line("Time of each contestant divided by the time of `MemoryArena.allocateAddress` (higher = framealloc"
                    + " faster by that factor):");
            line();
            line(header("contestant", sizes.stream().map(s -> s + " B").toList()));
            for (Map.Entry<String, String> c : BUMP_CONTESTANTS.entrySet()) {
                List<String> cells = new ArrayList<>();
                for (String size : sizes) {
                    JmhResult r = find(BUMP, c.getKey(), "size", size);
                    JmhResult a = find(BUMP, "arenaAllocateAddress", "size", size);
                    cells.add(r == null || a == null ? "n/a" : ratio(r.median() / a.median()));
                }
                line(row(c.getValue(), cells));
            }
            line();
            line("Reading it: LWJGL's `MemoryStack.nmalloc` is the floor of this table. In LWJGL 3.4.2 it is a subtract, a"
                    + " mask and a bounds check on one field, with no owner-thread check, no argument validation and no"
                    + " statistics; `allocateAddress` does all three (section 5 compares it with the same fast path"
                    + " without checked-mode support, and with a bump allocator that keeps no statistics). Every contestant that returns a"
                    + " `MemorySegment` or a `ByteBuffer` allocates a heap object per allocation, as the heap-bytes"
                    + " table shows; `allocateDirect` also reserves direct memory against the JVM's limit and zeroes it.");
            line();
        }
        double worstStack = 0;
        double worstMalloc = Double.MAX_VALUE;
        double worstDirect = Double.MAX_VALUE;
        double worstBytes = 0;
        String stackAt = "";
        String mallocAt = "";
        String directAt = "";
        for (String size : sizes) {
            JmhResult a = find(BUMP, "arenaAllocateAddress", "size", size);
            if (a == null) {
                continue;
            }
            JmhResult stack = find(BUMP, "memoryStackNmalloc", "size", size);
            JmhResult malloc = find(BUMP, "memUtilAllocFree", "size", size);
            JmhResult direct = find(BUMP, "byteBufferAllocateDirect", "size", size);
            if (stack != null && a.median() / stack.median() > worstStack) {
                worstStack = a.median() / stack.median();
                stackAt = size;
            }
            if (malloc != null && malloc.median() / a.median() < worstMalloc) {
                worstMalloc = malloc.median() / a.median();
                mallocAt = size;
            }
            if (direct != null && direct.median() / a.median() < worstDirect) {
                worstDirect = direct.median() / a.median();
                directAt = size;
            }
            worstBytes = Math.max(worstBytes, a.bytesPerOp());
        }
        if (!stackAt.isEmpty()) {
            targets.add(Target.atMost("`allocateAddress` no slower than `MemoryStack.nmalloc` (time ratio, worst size)",
                    worstStack, 1.0, ratio(worstStack) + " at " + stackAt + " B"));
        }
        if (!mallocAt.isEmpty()) {
            targets.add(Target.atLeast("`allocateAddress` >= 20x faster than `nmemAlloc`+`nmemFree` (worst size)",
                    worstMalloc, 20, ratio(worstMalloc) + " at " + mallocAt + " B"));
        }
        if (!directAt.isEmpty()) {
            targets.add(Target.atLeast("`allocateAddress` >= 100x faster than `allocateDirect` (worst size)",
                    worstDirect, 100, ratio(worstDirect) + " at " + directAt + " B"));
        }
        targets.add(Target.zeroBytes("`allocateAddress` allocates no heap (worst size)", worstBytes, BATCH));

        if (imageDir != null) {
            List<Charts.Series> series = new ArrayList<>();
            for (Map.Entry<String, String> c : BUMP_CONTESTANTS.entrySet()) {
                List<double[]> points = new ArrayList<>();
                for (String size : sizes) {
                    JmhResult r = find(BUMP, c.getKey(), "size", size);
                    if (r != null) {
                        points.add(new double[] {Double.parseDouble(size), r.median()});
                    }
                }
                if (!points.isEmpty()) {
                    series.add(new Charts.Series(c.getValue().replace("`", ""),
                            points.stream().mapToDouble(p -> p[0]).toArray(),
                            points.stream().mapToDouble(p -> p[1]).toArray()));
                }
            }
            String file = "benchmarks-bump-allocation.png";
            Charts.logLogLines(imageDir.resolve(file), "Bump allocation, batches of 1,024 then release (median, log-log)",
                    "allocation size (bytes, log2 scale)", "ns per allocation (log10 scale)", series);
            line("![ns per allocation by contestant and size, log scale](" + imageLink + file + ")");
            line();
        }
    }

    private void resetSection() {
        List<String> counts = paramValues(RESET, "allocations");
        if (counts.isEmpty()) {
            return;
        }
        line("## 2. `reset()` cost");
        line();
        line("`MemoryArena.reset()` after N allocations of 8 bytes: each timed call resets 32 arenas filled by an"
                + " untimed setup that always makes 100,000 allocations per arena (the surplus in a ballast arena); JMH"
                + " sample-time mode, median of every sampled call, per reset. It must stay flat.");
        line();
        line("| allocations before reset | median ns per reset | ratio to the first row | fastest ns per reset |"
                + " ratio to the first row | heap B per reset |");
        line("|---|---|---|---|---|---|");
        JmhResult first = find(RESET, "reset", "allocations", counts.get(0));
        JmhResult last = null;
        for (String n : counts) {
            JmhResult r = find(RESET, "reset", "allocations", n);
            last = r;
            line("| " + group(n) + " | " + ns(r.median()) + " | " + ratio(r.median() / first.median()) + " | "
                    + ns(r.minimum()) + " | " + ratio(r.minimum() / first.minimum()) + " | " + bytes(r.bytesPerOp())
                    + " |");
        }
        line();
        line("Reading it: the setup ends with `resetTo(mark())` on every arena (it releases nothing but touches the"
                + " same bookkeeping), so each timed reset starts with its arena's bookkeeping in the cache, as in a"
                + " frame loop. The heap bytes are JMH's own per-invocation"
                + " bookkeeping spread over the 32 resets: `reset()` itself allocates nothing (section 1's batches end"
                + " with a reset per 1,024 allocations and show no heap bytes). Only the ratios between the rows matter."
                + " The spread between the fastest and the median call is the shared machine: another process on the"
                + " other CPU evicts the arenas' bookkeeping from the caches for stretches of time, whatever the row;"
                + " the fastest call is the reset's own cost with warm caches.");
        line();
        if (last != null && last != first) {
            double ratio = last.median() / first.median();
            targets.add(Target.atMost("`reset()` after " + group(last.param("allocations")) + " allocations vs after "
                    + group(first.param("allocations")) + " (medians)", ratio, 1.5, ratio(ratio)
                    + " (fastest calls: " + ratio(last.minimum() / first.minimum()) + ")"));
        }
    }

    private void frameSection() {
        List<String> ks = paramValues(FRAME, "allocations");
        if (!ks.isEmpty()) {
            line("## 3. `FrameArenas.beginFrame()` plus K allocations");
            line();
            line("One frame's allocator work: `beginFrame()` and K allocations of 64 bytes, against `MemoryArena.reset()`"
                    + " and the same K allocations. No JFR recording is running. Median ns per frame.");
            line();
            line("| K | `beginFrame` ns | `reset` ns | difference ns | `beginFrame` heap B/frame | `reset` heap B/frame |");
            line("|---|---|---|---|---|---|");
            double worstBytes = 0;
            for (String k : ks) {
                JmhResult b = find(FRAME, "beginFrame", "allocations", k);
                JmhResult r = find(FRAME, "arenaReset", "allocations", k);
                if (b == null || r == null) {
                    continue;
                }
                worstBytes = Math.max(worstBytes, b.bytesPerOp());
                line("| " + group(k) + " | " + ns(b.median()) + " | " + ns(r.median()) + " | "
                        + signedNs(b.median() - r.median()) + " | " + bytes(b.bytesPerOp()) + " | "
                        + bytes(r.bytesPerOp()) + " |");
            }
            line();
            line("The difference is what `beginFrame` does on top of a reset: choosing the arena of two frames ago,"
                    + " recording the ended frame in the 256-frame stats history, and the JFR hook below.");
            line();
            targets.add(Target.zeroBytes("`beginFrame` allocates no heap (worst K)", worstBytes, 1));
        }
        JmhResult emit = find(JFR, "emitWithoutRecording", null, null);
        JmhResult base = find(JFR, "baseline", null, null);
        if (emit != null && base != null) {
            line("The JFR hook that `beginFrame` calls once per frame, with no recording running, against the same"
                    + " frame-counter update without it:");
            line();
            line("| | median ns | heap B/op |");
            line("|---|---|---|");
            line("| `FrameArenaEvent.emit` (disabled) | " + ns(emit.median()) + " | " + bytes(emit.bytesPerOp()) + " |");
            line("| baseline | " + ns(base.median()) + " | " + bytes(base.bytesPerOp()) + " |");
            line();
            double diff = emit.median() - base.median();
            boolean met = diff <= UNMEASURABLE_NS && emit.bytesPerOp() < Target.SMALLEST_OBJECT_BYTES / 2.0;
            targets.add(new Target("JFR hook with no recording costs nothing measurable and allocates nothing",
                    signedNs(diff) + " per frame, " + bytes(emit.bytesPerOp()),
                    "< " + UNMEASURABLE_NS + " ns, 0 B", met,
                    met ? "" : "by " + signedNs(diff - UNMEASURABLE_NS) + " / " + bytes(emit.bytesPerOp())));
        }
    }

    private void slabSection() {
        JmhResult slab = find(SLAB, "slabAllocateFree", null, null);
        if (slab == null) {
            return;
        }
        line("## 4. `SlabAllocator` allocate+free pairs");
        line();
        line("1,024 allocations of 64 bytes, then 1,024 frees in allocation order; median ns per allocate+free pair.");
        line();
        line("| contestant | ns per pair | heap B per pair | time / slab time |");
        line("|---|---|---|---|");
        String[][] rows = {
                {"slabAllocateFree", "`SlabAllocator.allocate`/`free`"},
                {"memUtilAllocFree", "LWJGL `nmemAlloc`/`nmemFree` (64 B)"},
                {"arrayDequePool", "`ArrayDeque` object pool (libGDX `Pool` pattern)"}};
        for (String[] row : rows) {
            JmhResult r = find(SLAB, row[0], null, null);
            if (r != null) {
                line("| " + row[1] + " | " + ns(r.median()) + " | " + bytes(r.bytesPerOp()) + " | "
                        + ratio(r.median() / slab.median()) + " |");
            }
        }
        line();
        line("Reading it: the pool hands out heap objects it already has and touches no native memory; the slab hands"
                + " out native slots (the lowest free one, found in its occupancy bitmap) and, per call, also keeps the"
                + " bitmap of the address-order walk (section 7), the dense live list and the handles generational (a"
                + " stale handle or a double free is detected).");
        line();
        targets.add(Target.zeroBytes("slab allocate/free allocates no heap", slab.bytesPerOp(), BATCH));
    }

    private void checkedSection() {
        JmhResult ref = find(CHECKED, "referenceBump", null, null);
        JmhResult minimal = find(CHECKED, "minimalBump", null, null);
        JmhResult unchecked = find(CHECKED, "arenaUnchecked", null, null);
        JmhResult checked = find(CHECKED, "arenaChecked", null, null);
        if (ref == null || unchecked == null) {
            return;
        }
        line("## 5. Checked-mode overhead");
        line();
        line("Batches of 1,024 allocations of 64 bytes then a reset, per allocation. The reference"
                + " (`ReferenceBumpAllocator` in this module) is `allocateAddress`'s fast path without checked-mode"
                + " support: the same owner check, argument check, align-up, bounds check and allocation counter,"
                + " but no slow path for checked mode or growth. The minimal bump allocator"
                + " (`MinimalBumpAllocator`) also drops the statistics, for information. `MemoryArena` is built with"
                + " `checked(false)`, and with `checked(true)` (guard bytes, allocation ledger, poisoning on reset).");
        line();
        line("| allocator | median ns per allocation | median of each fork | heap B/op | time / reference time |");
        line("|---|---|---|---|---|");
        if (minimal != null) {
            line("| minimal bump allocator (no statistics) | " + ns(minimal.median()) + " | " + perFork(minimal) + " | "
                    + bytes(minimal.bytesPerOp()) + " | " + ratio(minimal.median() / ref.median()) + " |");
        }
        line("| reference (fast path without checked-mode support) | " + ns(ref.median()) + " | " + perFork(ref)
                + " | " + bytes(ref.bytesPerOp()) + " | 1.00x |");
        line("| `MemoryArena`, `checked(false)` | " + ns(unchecked.median()) + " | " + perFork(unchecked) + " | "
                + bytes(unchecked.bytesPerOp()) + " | " + ratio(unchecked.median() / ref.median()) + " |");
        if (checked != null) {
            line("| `MemoryArena`, `checked(true)` | " + ns(checked.median()) + " | " + perFork(checked) + " | "
                    + bytes(checked.bytesPerOp()) + " | " + ratio(checked.median() / ref.median()) + " |");
        }
        line();
        line("Reading it: at about a nanosecond per allocation, one CPU cycle is tens of percent. Each fork is a new"
                + " JVM that compiles and lays out the same code its own way, so the median of each fork shows how far"
                + " identical code moves from one JVM to the next; when the forks of one contestant disagree by more"
                + " than the 5% to resolve, the ratio of this run cannot confirm or rule out the target, and more"
                + " forks are needed.");
        line();
        double r = unchecked.median() / ref.median();
        StringBuilder forks = new StringBuilder();
        for (double m : unchecked.forkMedians()) {
            forks.append(forks.isEmpty() ? "" : ", ").append(ratio(m / ref.median()));
        }
        targets.add(Target.atMost("unchecked `allocateAddress` within 5% of the same fast path without checked-mode"
                + " support (issue 5)", r, 1.05, ratio(r) + (forks.isEmpty() ? "" : " (per fork: " + forks + ")")));
    }

    private void frameLoopSection(Path imageDir, String imageLink) throws IOException {
        FrameLoopResults f = in.frameLoop;
        line("## 6. Frame loop");
        line();
        if (f == null) {
            line("Not run (no frame-loop results were given).");
            line();
            return;
        }
        line(group(f.particles()) + " particles (" + group(Math.round(f.meanLiveParticles()))
                + " live per measured frame on average); per variant " + f.settleSteps() + " unmeasured frames of 0.1 s"
                + " (the live count settles after the longest particle lifetime), " + f.warmupFrames()
                + " unmeasured frames of 1/60 s, then " + f.frames() + " measured frames of 1/60 s, each variant in its"
                + " own JVM with the flags above. The frame step is the demo's own (`FrameStep`: the simulation walks"
                + " the slab in address order and writes each particle's vertex in the same pass); only where the "
                + mib(f.vertexBytesPerFrame()) + " of vertex data per frame lives changes. A frame is the source's"
                + " `beginFrame`, the step (which asks the source once for exactly the frame's vertex bytes) and"
                + " releasing the memory of two frames ago (two frames in flight, like `FrameArenas` with 2 frames);"
                + " there is no GPU upload.");
        line();
        line("| vertex data from | frame p50 ms | frame p99 ms | frame max ms | vertex-data p50 ms | vertex-data p99 ms"
                + " | heap B/frame | GCs | GC ms | step GB/s of vertices | step / `MemorySegment.copy` | step /"
                + " `MemorySegment.fill` |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (FrameLoopResults.Variant v : f.variants()) {
            line("| " + v.label() + " | " + fixed(v.p50Ms(), 2) + " | " + fixed(v.p99Ms(), 2) + " | "
                    + fixed(v.maxMs(), 1) + " | " + fixed(v.vertexP50Ms(), 2) + " | " + fixed(v.vertexP99Ms(), 2) + " | "
                    + group(Math.round(v.heapBytesPerFrame())) + " | " + v.gcCount() + " | " + fixed(v.gcTimeMs(), 0)
                    + " | " + fixed(v.fillBandwidth() / 1e9, 2) + " | " + percent(v.fractionOfCopy()) + " | "
                    + percent(v.fractionOfFill()) + " |");
        }
        line();
        line("Frame time is the whole frame; vertex-data time is getting the vertex memory and releasing the memory of"
                + " two frames ago. GCs and GC ms are the collections (all collectors) during the measured frames.");
        line();
        line("The step bandwidth is vertex bytes written per second of the step (simulation and vertex writes) in the"
                + " median frame;"
                + " `MemorySegment.copy` and `MemorySegment.fill` over a native buffer of the same size, measured in"
                + " the same JVM right after the loop, are this machine's limit for writing that much memory"
                + " (GB = 10^9 bytes).");
        line();
        line("Reading it: the step reads and writes each particle's 32-byte slot and writes its 16-byte vertex, in"
                + " address order, so it runs at a share of the streaming bandwidth set by its arithmetic; the sources"
                + " differ in what getting and releasing the memory costs, in heap bytes and in GCs.");
        line();
        if (imageDir != null) {
            List<String> cats = f.variants().stream().map(FrameLoopResults.Variant::id).toList();
            double[][] values = new double[4][cats.size()];
            for (int i = 0; i < cats.size(); i++) {
                FrameLoopResults.Variant v = f.variants().get(i);
                values[0][i] = v.p50Ms();
                values[1][i] = v.p99Ms();
                values[2][i] = v.vertexP50Ms();
                values[3][i] = v.vertexP99Ms();
            }
            String file = "benchmarks-frame-loop.png";
            Charts.groupedBars(imageDir.resolve(file), "Frame loop, " + group(f.particles()) + " particles: ms per frame",
                    "ms", cats, List.of("frame p50", "frame p99", "vertex data p50", "vertex data p99"), values, false);
            line("![frame and vertex-data time, p50 and p99, per vertex-data source](" + imageLink + file + ")");
            line();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Slab iteration (SlabIterationBenchmark, SlabIterationRace)
    // ---------------------------------------------------------------------------------------------------

    /** Slab-walk contestants in table order: method (and race id), label. */
    static final Map<String, String> WALK_CONTESTANTS = new LinkedHashMap<>();

    static {
        WALK_CONTESTANTS.put("denseIndex", "dense-index walk (`liveAddress(i)`)");
        WALK_CONTESTANTS.put("addressOrder", "address-order walk (`nextLive`, `slotAddress`)");
        WALK_CONTESTANTS.put("wordOrder", "word-at-a-time walk (`liveWord`, `wordAddress`)");
        WALK_CONTESTANTS.put("sortedAddresses", "sorted `long[]` of the same addresses (floor)");
        WALK_CONTESTANTS.put("structureOfArrays", "SoA `float[]` (EnTT/flecs layout)");
    }

    /** Live particles per walk in {@code SlabIterationBenchmark} ({@code @OperationsPerInvocation}). */
    static final int ITERATION_LIVE = 1_000_000;
    /** Target: address-order walk time / sorted-address floor time. */
    static final double ADDRESS_OVER_FLOOR_MAX = 1.3;
    /** Target: address-order walk time / dense-index walk time. */
    static final double ADDRESS_OVER_DENSE_MAX = 0.3;

    private void slabIterationSection(Path imageDir, String imageLink) throws IOException {
        JmhResult address = find(ITERATION, "addressOrder", null, null);
        JmhResult floor = find(ITERATION, "sortedAddresses", null, null);
        JmhResult dense = find(ITERATION, "denseIndex", null, null);
        IterationRaceResults race = in.iterationRace;
        if (address == null && race == null) {
            return;
        }
        line("## 7. Walking the slab after churn");
        line();
        line(group(ITERATION_LIVE) + " live 64-byte particles in a `SlabAllocator` after 600 frames of churn like the"
                + " demo's (`ChurnedSlab`: each frame about 1/150 of them die, chosen at random, and newborns take their"
                + " place, the population swinging by 5%; the slab is made as the demo's `createSlab` makes it). Every"
                + " contestant visits every live particle once, reading 2 floats and writing 2. The dense-index walk is"
                + " the slab's dense live list, in the random order that churn leaves; the address-order walk is"
                + " `for (s = nextLive(0); s < slotLimit(); s = nextLive(s + 1))`; the word-at-a-time walk visits the"
                + " same slots in the same order, reading a bitmap word of 64 slots with `liveWord(w)` and"
                + " `wordAddress(w)` and finding each live slot by `numberOfTrailingZeros`, with no call per slot;"
                + " the sorted `long[]` holds the same"
                + " slots' addresses in order, the floor for this layout; the structure of arrays holds the two floats"
                + " in two packed `float[]`, a layout that reads 8 of every 64 bytes the others read.");
        line();
        if (address != null) {
            line("JMH (`SlabIterationBenchmark`, each contestant in its own forks, each fork churning its own slab with"
                    + " the same seed): median ns per particle; ms per walk of all " + group(ITERATION_LIVE) + ".");
            line();
            line("| contestant | ns per particle | ms per walk | time / floor | time / dense-index | heap B per walk |");
            line("|---|---|---|---|---|---|");
            for (Map.Entry<String, String> c : WALK_CONTESTANTS.entrySet()) {
                JmhResult r = find(ITERATION, c.getKey(), null, null);
                if (r != null) {
                    line("| " + c.getValue() + " | " + ns(r.median()) + " | "
                            + fixed(r.median() * ITERATION_LIVE / 1e6, 2) + " | "
                            + (floor == null ? "n/a" : ratio(r.median() / floor.median())) + " | "
                            + (dense == null ? "n/a" : ratio(r.median() / dense.median())) + " | "
                            + bytes(r.bytesPerOp() * ITERATION_LIVE) + " |");
                }
            }
            line();
            line("The heap bytes are JMH's own per-iteration bookkeeping spread over the walks of the iteration: the"
                    + " walk itself allocates nothing, which `SlabWalkZeroGarbageTest` in engine-memory asserts exactly"
                    + " with the per-thread allocation counter.");
            line();
        }
        if (race != null) {
            line("Interleaved in one JVM (`SlabIterationRace`, on one churned slab of " + group(race.live())
                    + " particles, slot limit " + group(race.slotLimit()) + "): " + race.rounds() + " rounds, each"
                    + " contestant walking " + race.walksPerRound() + " times per round in an order that rotates"
                    + " every round; the median over rounds, and the 10th to 90th percentile. Load average "
                    + race.startLoad() + " before and " + race.endLoad() + " after.");
            line();
            line("| contestant | ns per particle | p10 - p90 | ms per walk | time / floor | time / dense-index |");
            line("|---|---|---|---|---|---|");
            double raceFloor = race.nsPerParticle().get("sortedAddresses").median();
            double raceDense = race.nsPerParticle().get("denseIndex").median();
            for (Map.Entry<String, String> c : WALK_CONTESTANTS.entrySet()) {
                IterationRaceResults.Spread r = race.nsPerParticle().get(c.getKey());
                if (r == null) {
                    continue; // a race from before the contestant existed
                }
                line("| " + c.getValue() + " | " + ns(r.median()) + " | " + ns(r.p10()) + " - " + ns(r.p90()) + " | "
                        + fixed(r.median() * race.live() / 1e6, 2) + " | " + ratio(r.median() / raceFloor) + " | "
                        + ratio(r.median() / raceDense) + " |");
            }
            line();
            line("Ratios within each round (median, p10 - p90): address-order / floor "
                    + ratio(race.addressOverSorted().median()) + " (" + ratio(race.addressOverSorted().p10()) + " - "
                    + ratio(race.addressOverSorted().p90()) + "), "
                    + (race.wordOverSorted() == null ? "" : "word-order / floor " + ratio(race.wordOverSorted().median())
                    + " (" + ratio(race.wordOverSorted().p10()) + " - " + ratio(race.wordOverSorted().p90()) + "), ")
                    + "address-order / dense-index "
                    + ratio(race.addressOverDense().median()) + " (" + ratio(race.addressOverDense().p10()) + " - "
                    + ratio(race.addressOverDense().p90()) + ").");
            line();
        }
        line("Reading it: after churn the dense live list is in random order, so each particle is a cache and TLB"
                + " miss; the walk visits the same slots in address order, at the speed of streaming through them,"
                + " and reads one bit per slot of bitmap instead of 8 bytes per slot of addresses. The structure of"
                + " arrays moves 8 bytes per particle where the slab moves a 64-byte cache line: that is the cost of"
                + " keeping a whole particle in one slot.");
        line();
        double jmhFloor = address != null && floor != null ? address.median() / floor.median() : Double.NaN;
        double jmhDense = address != null && dense != null ? address.median() / dense.median() : Double.NaN;
        walkTarget("address-order walk / sorted-address floor, 1M slots after churn", ADDRESS_OVER_FLOOR_MAX,
                race == null ? Double.NaN : race.addressOverSorted().median(), jmhFloor);
        walkTarget("address-order walk / dense-index walk, 1M slots after churn", ADDRESS_OVER_DENSE_MAX,
                race == null ? Double.NaN : race.addressOverDense().median(), jmhDense);
        if (imageDir != null) {
            List<String> cats = List.of("dense-index", "address-order", "word-at-a-time", "sorted long[] (floor)",
                    "SoA float[]");
            List<String> names = new ArrayList<>();
            List<double[]> values = new ArrayList<>();
            if (address != null) {
                names.add("JMH median");
                double[] v = new double[cats.size()];
                int i = 0;
                for (String id : WALK_CONTESTANTS.keySet()) {
                    JmhResult r = find(ITERATION, id, null, null);
                    v[i++] = r == null ? 0 : r.median();
                }
                values.add(v);
            }
            if (race != null) {
                names.add("interleaved median");
                double[] v = new double[cats.size()];
                int i = 0;
                for (String id : WALK_CONTESTANTS.keySet()) {
                    IterationRaceResults.Spread r = race.nsPerParticle().get(id);
                    v[i++] = r == null ? 0 : r.median();
                }
                values.add(v);
            }
            String file = "benchmarks-slab-iteration.png";
            Charts.groupedBars(imageDir.resolve(file), "Walking 1M slab particles after churn: ns per particle",
                    "ns per particle", cats, names, values.toArray(new double[0][]), false,
                    org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            line("![ns per particle for each way of walking the churned slab](" + imageLink + file + ")");
            line();
        }
    }

    /**
     * A target on the walk ratio: judged on the interleaved race when it ran (one JVM, one slab, so neither
     * fork-to-fork nor layout differences enter the ratio), else on the JMH medians; the text gives both.
     */
    private void walkTarget(String name, double max, double interleaved, double jmh) {
        boolean haveRace = !Double.isNaN(interleaved);
        double judged = haveRace ? interleaved : jmh;
        if (Double.isNaN(judged)) {
            return;
        }
        String text = haveRace
                ? ratio(interleaved) + " interleaved" + (Double.isNaN(jmh) ? "" : " (JMH medians: " + ratio(jmh) + ")")
                : ratio(jmh) + " (JMH medians)";
        targets.add(Target.atMost(name, judged, max, text));
    }

    // ---------------------------------------------------------------------------------------------------
    // Lookup and formatting
    // ---------------------------------------------------------------------------------------------------

    private static String perFork(JmhResult r) {
        List<String> cells = new ArrayList<>();
        for (double m : r.forkMedians()) {
            cells.add(ns(m));
        }
        return cells.isEmpty() ? "n/a" : String.join(" / ", cells);
    }

    private JmhResult find(String className, String method, String param, String value) {
        for (JmhResult r : in.jmh) {
            if (r.className().equals(className) && r.method().equals(method)
                    && (param == null || value.equals(r.param(param)))) {
                return r;
            }
        }
        return null;
    }

    private List<String> paramValues(String className, String param) {
        List<String> values = new ArrayList<>();
        for (JmhResult r : in.jmh) {
            String v = r.param(param);
            if (r.className().equals(className) && v != null && !values.contains(v)) {
                values.add(v);
            }
        }
        values.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        return values;
    }

    private void line(String s) {
        md.append(s).append('\n');
    }

    private void line() {
        md.append('\n');
    }

    private static String header(String first, List<String> rest) {
        StringBuilder sb = new StringBuilder("| ").append(first);
        StringBuilder sep = new StringBuilder("|---");
        for (String r : rest) {
            sb.append(" | ").append(r);
            sep.append("|---");
        }
        return sb.append(" |\n").append(sep).append('|').toString();
    }

    private static String row(String first, List<String> cells) {
        return "| " + first + " | " + String.join(" | ", cells) + " |";
    }

    static String ns(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v < 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (v < 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String signedNs(double v) {
        return (v >= 0 ? "+" : "-") + ns(Math.abs(v)) + " ns";
    }

    static String bytes(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v < ZERO_BYTES) {
            return "0 (" + String.format(Locale.ROOT, "%.0e", Math.max(v, 0)) + ")";
        }
        if (v < 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ratio(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return v < 10 ? String.format(Locale.ROOT, "%.2fx", v) : String.format(Locale.ROOT, "%,.0fx", v);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    private static String group(String n) {
        return group(Long.parseLong(n));
    }

    private static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String count(Object o, String noun) {
        if (!(o instanceof Double d)) {
            return "? " + noun + "s";
        }
        int n = d.intValue();
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
