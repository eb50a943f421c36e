package dev.framealloc.demo;

import dev.framealloc.demo.app.HeadlessRunner;
import dev.framealloc.demo.app.NoDisplayException;
import dev.framealloc.demo.cli.DemoCli;
import dev.framealloc.demo.cli.DemoOptions;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Entry point of {@code demo-particles.jar}: parses the command line, then runs the windowed demo or, with
 * {@code --headless}, the headless loop. User errors are one line and an exit code: 2 for a bad flag or value,
 * 1 when no window can be opened.
 */
public final class DemoMain {
    /** Exit code when no display is available. */
    public static final int EXIT_NO_DISPLAY = 1;

    private DemoMain() {}

    /** Runs the demo and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the demo without exiting the JVM.
     *
     * @return the exit code: 0 done, 1 no display, 2 bad command line
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        DemoCli.Result parsed = DemoCli.parse(args, outWriter, errWriter);
        if (!parsed.shouldRun()) {
            return parsed.exitCode();
        }
        DemoOptions options = parsed.options();
        if (options.headless()) {
            return HeadlessRunner.run(options, out);
        }
        try {
            return runWindowed(options);
        } catch (NoDisplayException e) {
            err.println("error: cannot open a window (" + e.getMessage() + "); run it under `xvfb-run -a java -jar"
                    + " demo-particles.jar ...` or pass --headless");
            return EXIT_NO_DISPLAY;
        }
    }

    // TODO(sim): call WindowedRunner.run(options) directly once helper gl's class is committed.
    private static int runWindowed(DemoOptions options) {
        try {
            return (int) Class.forName("dev.framealloc.demo.app.WindowedRunner")
                    .getMethod("run", DemoOptions.class).invoke(null, options);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the windowed demo is not built yet: " + e);
        }
    }
}
