package dev.framealloc.demo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's command line (picocli): turns {@code args} into {@link DemoOptions}, or into an exit code with
 * {@code --help} (0) and bad input (2). A bad value or unknown flag prints one line that names it, then the usage,
 * to {@code err}; nothing throws and nothing calls {@code System.exit}.
 */
public final class DemoCli {
    /** Exit code of {@code --help} and {@code --version}. */
    public static final int EXIT_OK = 0;
    /** Exit code of a bad flag or value. */
    public static final int EXIT_USAGE = 2;

    private DemoCli() {}

    /**
     * The outcome of parsing: options to run with, or an exit code to leave with.
     *
     * @param options  the parsed options, or null when the program should exit
     * @param exitCode the exit code when {@code options} is null
     */
    public record Result(DemoOptions options, int exitCode) {
        /** Whether the program should run with {@link #options()}. */
        public boolean shouldRun() {
            return options != null;
        }
    }

    /**
     * Parses {@code args}.
     *
     * @param args the command line
     * @param out  where {@code --help} goes
     * @param err  where errors and the usage go
     * @return options to run with, or the exit code ({@link #EXIT_OK} after help, {@link #EXIT_USAGE} on bad input)
     */
    public static Result parse(String[] args, PrintWriter out, PrintWriter err) {
        Flags flags = new Flags();
        CommandLine cli = new CommandLine(flags).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (parsed.isUsageHelpRequested()) {
                cli.usage(out);
                out.flush();
                return new Result(null, EXIT_OK);
            }
            return new Result(flags.toOptions(), EXIT_OK);
        } catch (CommandLine.ParameterException e) {
            return usageError(cli, err, e.getMessage());
        } catch (IllegalArgumentException e) {
            return usageError(cli, err, "Invalid value for option " + e.getMessage());
        }
    }

    private static Result usageError(CommandLine cli, PrintWriter err, String message) {
        err.println("error: " + message);
        cli.usage(err);
        err.flush();
        return new Result(null, EXIT_USAGE);
    }

    @Command(name = "demo-particles", sortOptions = false, usageHelpAutoWidth = true,
            description = {"Particles in a SlabAllocator, vertex data in FrameArenas, a live arena-stats overlay.",
                    "Keys: Esc quit, Space pause, F1 overlay, +/- spawn rate, click add emitter, R reset, F12 screenshot."})
    static final class Flags {
        @Option(names = "--particles", paramLabel = "N", description = "Target live particles (default: ${DEFAULT-VALUE}).")
        int particles = DemoOptions.DEFAULT_PARTICLES;

        @Option(names = "--frames", paramLabel = "N", description = "Run N frames, then exit 0 (default: until closed;"
                + " headless: " + DemoOptions.DEFAULT_HEADLESS_FRAMES + ").")
        long frames;

        @Option(names = "--fixed-dt", description = "Step by a fixed 1/60 s, for reproducible runs.")
        boolean fixedDt;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of emitters and randomness (default: random).")
        Long seed;

        @Option(names = "--screenshot", paramLabel = "PATH", description = "Write a PNG of the last frame on exit.")
        Path screenshot;

        @Option(names = "--stats-out", paramLabel = "PATH", description = "Write one CSV row per frame on exit.")
        Path statsOut;

        @Option(names = "--upload", paramLabel = "MODE", description = "subdata, mapped or auto (default: ${DEFAULT-VALUE}:"
                + " mapped with GL 4.4 or ARB_buffer_storage).")
        UploadMode upload = UploadMode.AUTO;

        @Option(names = "--frames-in-flight", paramLabel = "2|3", description = "Frames of vertex data kept alive (default: ${DEFAULT-VALUE}).")
        int framesInFlight = 2;

        @Option(names = "--no-vsync", description = "Do not wait for vertical sync.")
        boolean noVsync;

        @Option(names = "--checked", description = "Run engine-memory's allocators in checked mode.")
        boolean checked;

        @Option(names = "--headless", description = "No window, no GL: simulate and write vertices, print a summary.")
        boolean headless;

        @Option(names = "--threads", paramLabel = "N", description = "Threads that walk the particles each frame, the"
                + " loop thread included (default: the available processors, here ${DEFAULT-VALUE}).")
        int threads = DemoOptions.defaultThreads();

        @Option(names = "--render-thread", description = "Run GL on a render thread of its own: the next frame's"
                + " simulation overlaps this frame's drawing (window only).")
        boolean renderThread;

        @Option(names = "--jfr", paramLabel = "PATH", description = "Record JFR (with dev.framealloc.FrameArena events) to PATH.")
        Path jfr;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        DemoOptions toOptions() {
            long resolvedSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
            return new DemoOptions(particles, frames, fixedDt, resolvedSeed, screenshot, statsOut, upload,
                    framesInFlight, !noVsync, checked, headless, jfr, threads, renderThread);
        }
    }
}
