package dev.framealloc.demo.app;

import dev.framealloc.demo.overlay.FrameTimes;
import dev.framealloc.demo.overlay.Overlay;
import dev.framealloc.demo.sim.ParticleVertices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the shaded jar in a real window under Xvfb (Mesa llvmpipe, OpenGL 4.5 core), 400 frames with
 * {@code --fixed-dt --seed 1 --screenshot --stats-out}, once per upload path with GL on the main thread and once
 * per upload path with {@code --render-thread --threads 2}, and checks the exit code, the
 * absence of JVM warnings, the screenshot (particles in many colours, the overlay's text lines and graph) and the
 * per-frame CSV (growth stops, the loop stops allocating, arena bytes follow the live particles).
 * <p>
 * Needs {@code xvfb-run} ({@code apt-get install -y xvfb}); without it, or when no X server starts, it fails with a
 * message saying so. It never skips.
 */
class WindowedDemoIT {
    private static final int FRAMES = 400;
    private static final long RUN_TIMEOUT_SECONDS = 150;
    private static final String XVFB_SCREEN = "-screen 0 1280x720x24";
    private static final List<String> CSV_COLUMNS = List.of("frame", "frame_ms", "arena_used_bytes",
            "arena_peak_bytes", "arena_allocations", "arena_growth", "slab_live", "heap_bytes");
    private static final int GROWTH_SETTLED_AFTER = 60;
    private static final int HEAP_SETTLED_AFTER = 100;
    /** Arena bytes of a frame beyond its particle vertices: the overlay's text and graph, plus alignment. */
    private static final long NON_PARTICLE_BYTES_MAX = Overlay.MAX_ARENA_BYTES + 64 * 1024;
    /** After warm-up the overlay's share of the arena varies only with its text and the graphs filling up. */
    private static final long NON_PARTICLE_BYTES_SPREAD_MAX = 8 * 1024;
    /** The overlay's history graphs fill up over this many frames. */
    private static final int GRAPHS_FULL_AFTER = FrameTimes.HISTORY;
    private static final Pattern JVM_WARNING = Pattern.compile("(?m)^(WARNING:|.*VM warning:)");

    private static Path jar;
    private static Path java;
    private static Path xvfbRun;

    @BeforeAll
    static void locateTools() {
        jar = Path.of(requiredProperty("demo.jar"));
        // The JDK running this test: Failsafe forks it from the build's JDK 25 toolchain, whatever JDK runs Maven.
        java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertTrue(Files.isRegularFile(jar), "the shaded jar is missing: " + jar + " (run the package phase first)");
        assertTrue(Files.isExecutable(java), "no java executable at " + java);
        xvfbRun = findOnPath("xvfb-run");
        if (xvfbRun == null) {
            fail("xvfb-run is not installed: the window test needs an X server. Install it with"
                    + " `apt-get install -y xvfb` (.ci/run does this) and run again.");
        }
    }

    @ParameterizedTest(name = "--upload {0}")
    @ValueSource(strings = {"subdata", "mapped", "mapped --render-thread --threads 2",
            "subdata --render-thread --threads 2"})
    void runsFourHundredFramesInARealWindow(String uploadAndFlags, @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
            throws Exception {
        // The run's screenshot, CSV and output are deleted when it passes; a failing run keeps them, and its message
        // names the files.
        String[] flags = uploadAndFlags.split(" ");
        String upload = flags[0];
        Path screenshot = dir.resolve("last-frame.png");
        Path stats = dir.resolve("stats.csv");
        List<String> args = new ArrayList<>(List.of("--frames", String.valueOf(FRAMES), "--fixed-dt", "--seed", "1",
                "--upload", upload, "--screenshot", screenshot.toString(), "--stats-out", stats.toString()));
        args.addAll(Arrays.asList(flags).subList(1, flags.length));
        Run run = runDemo(dir, args.toArray(String[]::new));

        assertEquals(0, run.exitCode, "the demo did not exit 0 (--upload " + upload + ")" + run.describe());
        assertFalse(JVM_WARNING.matcher(run.stdout + run.stderr).find(), "the JVM printed a warning" + run.describe());
        assertTrue(run.stdout.contains("upload=" + upload), "the summary line names another upload path" + run.describe());
        boolean renderThread = uploadAndFlags.contains("--render-thread");
        assertTrue(run.stdout.contains("render-thread=" + (renderThread ? "on" : "off")), "the summary line"
                + run.describe());

        checkScreenshot(screenshot);
        checkStats(stats);
        checkThreadHeapColumns(stats, renderThread);
    }

    /**
     * Every other loop thread (walker threads, the render thread) has a heap column after the first columns, and
     * allocates nothing per frame once warm: median 0 after warm-up (the last frame, whose exit screenshot the render
     * thread takes, left out).
     */
    private static void checkThreadHeapColumns(Path csv, boolean renderThread) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<Integer> columns = new ArrayList<>();
        for (int c = CSV_COLUMNS.size(); c < header.size(); c++) {
            if (header.get(c).startsWith("heap_bytes_")) {
                columns.add(c);
            }
        }
        assertEquals(renderThread, header.contains("heap_bytes_render"), "a render column exactly with a render"
                + " thread: " + header);
        assertTrue(header.contains("heap_bytes_walker_1"), "a column for the second walker thread: " + header);
        for (int c : columns) {
            long[] bytes = lines.subList(1 + HEAP_SETTLED_AFTER, lines.size() - 1).stream()
                    .mapToLong(l -> Long.parseLong(l.split(",")[c])).sorted().toArray();
            assertEquals(0, bytes[bytes.length / 2], header.get(c) + ": median heap bytes after frame "
                    + HEAP_SETTLED_AFTER + " (largest " + bytes[bytes.length - 1] + ")");
        }
    }

    private static void checkScreenshot(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), "no screenshot at " + png);
        ScreenshotMetrics m = ScreenshotMetrics.of(png);
        String where = " in " + png + ": " + m;
        assertEquals(1280, m.width(), "screenshot width" + where);
        assertEquals(720, m.height(), "screenshot height" + where);
        assertTrue(m.litShare() >= 0.05, "too few particle pixels (want >= 5% of the scene lit)" + where);
        assertTrue(m.hues() >= 4, "too few colours (want particles in >= 4 hues of 30 degrees)" + where);
        assertTrue(m.textLines() >= 12, "the overlay's text is missing (want >= 12 text lines in the corner)" + where);
        assertTrue(m.graphRows() >= 10, "the overlay's history graph is missing (want >= 10 rows of bars)" + where);
    }

    private static void checkStats(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertFalse(lines.isEmpty(), "empty stats file " + csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        assertTrue(header.size() >= CSV_COLUMNS.size(), "too few columns: " + lines.get(0));
        assertEquals(CSV_COLUMNS, header.subList(0, CSV_COLUMNS.size()), "the CSV's first columns");
        assertEquals(FRAMES, lines.size() - 1, "one row per frame in " + csv);

        long[][] rows = new long[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            long[] row = new long[CSV_COLUMNS.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = c == 1 ? 0 : Long.parseLong(cells[c]); // frame_ms is fractional and not checked
            }
            rows[i - 1] = row;
        }
        int frame = 0, used = 2, growth = 5, live = 6, heap = 7;
        for (int i = 0; i < rows.length; i++) {
            assertEquals(i + 1, rows[i][frame], "frame numbers run 1.." + FRAMES);
        }

        long settledGrowth = rows[GROWTH_SETTLED_AFTER - 1][growth];
        for (long[] row : rows) {
            if (row[frame] > GROWTH_SETTLED_AFTER) {
                assertEquals(settledGrowth, row[growth], "arena_growth changed after frame " + GROWTH_SETTLED_AFTER
                        + " (frame " + row[frame] + ")");
            }
        }

        long[] heapAfterWarmUp = Arrays.stream(rows).filter(r -> r[frame] > HEAP_SETTLED_AFTER)
                .mapToLong(r -> r[heap]).sorted().toArray();
        long median = heapAfterWarmUp[heapAfterWarmUp.length / 2];
        long nonZero = Arrays.stream(heapAfterWarmUp).filter(b -> b != 0).count();
        assertEquals(0, median, "median heap_bytes after frame " + HEAP_SETTLED_AFTER + ": " + nonZero + " of "
                + heapAfterWarmUp.length + " frames allocated, up to " + heapAfterWarmUp[heapAfterWarmUp.length - 1]
                + " bytes");

        long minExtra = Long.MAX_VALUE, maxExtra = Long.MIN_VALUE;
        long maxLive = 0;
        for (long[] row : rows) {
            long particleBytes = row[live] * ParticleVertices.BYTES_PER_PARTICLE;
            long extra = row[used] - particleBytes;
            maxLive = Math.max(maxLive, row[live]);
            assertTrue(extra >= 0, "frame " + row[frame] + ": arena_used_bytes=" + row[used]
                    + " is below the vertex bytes of slab_live=" + row[live]);
            assertTrue(extra <= NON_PARTICLE_BYTES_MAX, "frame " + row[frame] + ": arena_used_bytes=" + row[used]
                    + " exceeds the vertex bytes of slab_live=" + row[live] + " by " + extra
                    + " (more than the overlay's " + NON_PARTICLE_BYTES_MAX + "): frame data accumulates");
            if (row[frame] > GRAPHS_FULL_AFTER) {
                minExtra = Math.min(minExtra, extra);
                maxExtra = Math.max(maxExtra, extra);
            }
        }
        assertTrue(maxLive > 1000, "the simulation never had more than " + maxLive + " live particles");
        assertTrue(maxExtra - minExtra <= NON_PARTICLE_BYTES_SPREAD_MAX, "after frame " + GRAPHS_FULL_AFTER
                + " the arena bytes beyond the particles' vary from " + minExtra + " to " + maxExtra
                + ": they do not follow the live particles");
    }

    private static Run runDemo(Path dir, String... demoArgs) throws IOException, InterruptedException {
        Path runtimeDir = Files.createTempDirectory(dir, "xdg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<String> command = new ArrayList<>(List.of(xvfbRun.toString(), "-a", "-s", XVFB_SCREEN,
                java.toString(), "-jar", jar.toString()));
        command.addAll(List.of(demoArgs));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the demo did not finish " + FRAMES + " frames within " + RUN_TIMEOUT_SECONDS + " s: "
                    + String.join(" ", command) + "\nstderr:\n" + Files.readString(err));
        }
        Run run = new Run(String.join(" ", command), process.exitValue(), Files.readString(out), Files.readString(err));
        if (run.exitCode != 0 && run.stderr.contains("Xvfb failed to start")) {
            fail("no X server could be started by xvfb-run, so the window test cannot run." + run.describe());
        }
        return run;
    }

    private record Run(String command, int exitCode, String stdout, String stderr) {
        String describe() {
            return "\ncommand: " + command + "\nexit code: " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            fail("system property " + name + " is not set: run this test with `./mvnw -pl demo-particles verify`"
                    + " (failsafe sets it)");
        }
        return value;
    }

    private static Path findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
