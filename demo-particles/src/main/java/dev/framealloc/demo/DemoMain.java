package dev.framealloc.demo;

import dev.framealloc.demo.app.HeadlessRunner;
import dev.framealloc.demo.app.NoDisplayException;
import dev.framealloc.demo.app.WindowedRunner;
import dev.framealloc.demo.cli.DemoCli;
import dev.framealloc.demo.cli.DemoOptions;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Entry point of {@code demo-particles.jar}: parses the command line, then runs the windowed demo or, with
 * {@code --headless}, the headless loop. User errors are one line and an exit code: 2 for a bad flag or value,
 * 1 when no window can be opened or an output file cannot be written.
 */
public final class DemoMain {
    /** Exit code when no display is available. */
    public static final int EXIT_NO_DISPLAY = 1;
    /** Exit code when an output file ({@code --stats-out}, {@code --screenshot}, {@code --jfr}) cannot be written. */
    public static final int EXIT_IO_ERROR = 1;

    private DemoMain() {}

    /** Runs the demo and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the demo without exiting the JVM.
     *
     * @return the exit code: 0 done, 1 no display or unwritable output, 2 bad command line
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        DemoCli.Result parsed = DemoCli.parse(args, outWriter, errWriter);
        if (!parsed.shouldRun()) {
            return parsed.exitCode();
        }
        DemoOptions options = parsed.options();
        try {
            return options.headless() ? HeadlessRunner.run(options, out) : WindowedRunner.run(options);
        } catch (NoDisplayException e) {
            err.println("error: cannot open a window (" + e.getMessage() + "); run it under `xvfb-run -a java -jar"
                    + " demo-particles.jar ...` or pass --headless");
            return EXIT_NO_DISPLAY;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return EXIT_IO_ERROR;
        }
    }
}
