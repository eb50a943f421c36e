package dev.framealloc.demo.cli;

import java.nio.file.Path;

/**
 * Every option of the demo's command line, validated. Built by {@link DemoCli#parse}; immutable.
 *
 * @param particles      target number of live particles, {@code > 0}
 * @param frames         frames to run before exiting 0; {@code 0} = until the window is closed (headless: 600)
 * @param fixedDt        step the simulation by a fixed {@link #FIXED_DT} instead of the measured frame time
 * @param seed           seed of every random choice (emitters, spawns); random unless {@code --seed} was given
 * @param screenshot     PNG written from the last frame on exit, or {@code null}
 * @param statsOut       CSV with one row per frame written on exit, or {@code null}
 * @param upload         upload path of the windowed demo
 * @param framesInFlight frames whose vertex data is kept alive, 2 or 3
 * @param vsync          swap interval 1 (true) or 0 ({@code --no-vsync})
 * @param checked        run engine-memory's allocators in checked mode
 * @param headless       no window, no GL: simulate and write vertices only, then print a summary line
 * @param jfr            JFR recording dumped on exit, or {@code null}
 * @param threads        threads that walk the particles each frame, the loop thread included, {@code >= 1}
 * @param renderThread   GL on a render thread of its own, overlapping the next frame's simulation (windowed only)
 */
public record DemoOptions(int particles, long frames, boolean fixedDt, long seed, Path screenshot, Path statsOut,
                          UploadMode upload, int framesInFlight, boolean vsync, boolean checked, boolean headless,
                          Path jfr, int threads, boolean renderThread) {

    /** The simulation step of {@code --fixed-dt}: 1/60 s. */
    public static final float FIXED_DT = 1f / 60f;
    /** Default of {@code --particles}. */
    public static final int DEFAULT_PARTICLES = 20_000;
    /** Largest accepted {@code --particles}. */
    public static final int MAX_PARTICLES = 16_000_000;
    /** Most {@code --threads}. */
    public static final int MAX_THREADS = 256;
    /** Frames a headless run takes when {@code --frames} is not given. */
    public static final long DEFAULT_HEADLESS_FRAMES = 600;

    /**
     * Validates the values that the parser cannot.
     *
     * @throws IllegalArgumentException naming the option and value when one is out of range
     */
    public DemoOptions {
        if (particles <= 0 || particles > MAX_PARTICLES) {
            throw new IllegalArgumentException("'--particles': " + particles + " is not in [1, " + MAX_PARTICLES + "]");
        }
        if (frames < 0) {
            throw new IllegalArgumentException("'--frames': " + frames + " is negative (0 = until closed)");
        }
        if (framesInFlight != 2 && framesInFlight != 3) {
            throw new IllegalArgumentException("'--frames-in-flight': " + framesInFlight + " is not 2 or 3");
        }
        if (upload == null) {
            throw new IllegalArgumentException("'--upload': null is not one of subdata, mapped, auto");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("'--threads': " + threads + " is not in [1, " + MAX_THREADS + "]");
        }
    }

    /**
     * The options without {@code --threads} and {@code --render-thread}: {@link #defaultThreads()} threads, GL on
     * the loop thread.
     *
     * @throws IllegalArgumentException naming the option and value when one is out of range
     */
    public DemoOptions(int particles, long frames, boolean fixedDt, long seed, Path screenshot, Path statsOut,
                       UploadMode upload, int framesInFlight, boolean vsync, boolean checked, boolean headless,
                       Path jfr) {
        this(particles, frames, fixedDt, seed, screenshot, statsOut, upload, framesInFlight, vsync, checked, headless,
                jfr, defaultThreads(), false);
    }

    /** Default of {@code --threads}: the available processors, at most {@link #MAX_THREADS}. */
    public static int defaultThreads() {
        return Math.clamp(Runtime.getRuntime().availableProcessors(), 1, MAX_THREADS);
    }

    /** The options of a run with every default and the given seed. */
    public static DemoOptions defaults(long seed) {
        return new DemoOptions(DEFAULT_PARTICLES, 0, false, seed, null, null, UploadMode.AUTO, 2, true, false, false, null);
    }

    /** Frames a headless run takes: {@link #frames()}, or {@link #DEFAULT_HEADLESS_FRAMES} when that is 0. */
    public long headlessFrames() {
        return frames == 0 ? DEFAULT_HEADLESS_FRAMES : frames;
    }

    /** A copy with another particle count. */
    public DemoOptions withParticles(int particles) {
        return new DemoOptions(particles, frames, fixedDt, seed, screenshot, statsOut, upload, framesInFlight, vsync,
                checked, headless, jfr, threads, renderThread);
    }

    /** A copy with another thread count. */
    public DemoOptions withThreads(int threads) {
        return new DemoOptions(particles, frames, fixedDt, seed, screenshot, statsOut, upload, framesInFlight, vsync,
                checked, headless, jfr, threads, renderThread);
    }

    /** A copy with another frame count. */
    public DemoOptions withFrames(long frames) {
        return new DemoOptions(particles, frames, fixedDt, seed, screenshot, statsOut, upload, framesInFlight, vsync,
                checked, headless, jfr, threads, renderThread);
    }
}
