package dev.framealloc.demo.app;

import dev.framealloc.demo.cli.DemoOptions;
import dev.framealloc.demo.cli.UploadMode;
import dev.framealloc.demo.gl.Input;
import dev.framealloc.demo.gl.MappedUpload;
import dev.framealloc.demo.gl.Renderer;
import dev.framealloc.demo.gl.Screenshot;
import dev.framealloc.demo.gl.SubDataUpload;
import dev.framealloc.demo.gl.UploadPath;
import dev.framealloc.demo.gl.Window;
import dev.framealloc.demo.loop.FrameStep;
import dev.framealloc.demo.overlay.FrameTimes;
import dev.framealloc.demo.overlay.Overlay;
import dev.framealloc.demo.overlay.QuadWriter;
import dev.framealloc.demo.sim.ParticleSimulation;
import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.demo.stats.FrameStatsLog;
import dev.framealloc.demo.stats.GcMeter;
import dev.framealloc.demo.stats.HeapMeter;
import dev.framealloc.demo.stats.Percentiles;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.SlabAllocator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The windowed demo's frame loop. Per frame:
 * <ol>
 * <li>poll window events (callbacks set fields) and apply the controls;</li>
 * <li>{@link UploadPath#beginFrame()}: wait for the GPU to release the memory being reused, then
 *     {@code FrameArenas.beginFrame()};</li>
 * <li>the {@link FrameStep}: simulate, with the measured frame time or {@code --fixed-dt}, writing the particle
 *     vertices into memory allocated from the frame arena in the same pass; upload them;</li>
 * <li>write the overlay's text and graph quads into the frame arena too, and upload them;</li>
 * <li>draw background, particles, overlay; fence; screenshot if asked; swap;</li>
 * <li>measure: frame time from {@code System.nanoTime()}, the loop thread's heap bytes, GC count; one stats row.</li>
 * </ol>
 * Once the JIT has compiled it, the loop allocates no heap memory (the overlay shows the measured bytes);
 * screenshots (F12, exit) are the exception.
 */
public final class WindowedRunner {
    private static final String TITLE = "framealloc particles";
    private static final float SPAWN_RATE_STEP = 1.25f;
    private static final double NANOS_PER_SECOND = 1e9, NANOS_PER_MILLI = 1e6;
    /** Rows skipped before summary percentiles, so JIT warm-up does not count. */
    private static final int SUMMARY_WARMUP_FRAMES = 100;
    /** Arena bytes per frame beyond vertices and overlay: alignment padding and checked-mode guards. */
    private static final long ARENA_SLACK_BYTES = 64 * 1024;

    private final DemoOptions options;
    private final Window window;
    private final Input input;
    private final SlabAllocator slab;
    private final ParticleSimulation sim;
    private final FrameStep step;
    private final UploadPath upload;
    private final FrameArenas frames;
    private final Renderer renderer;
    private final FrameTimes times = new FrameTimes();
    private final Overlay overlay;
    private final FrameStatsLog log;
    private final HeapMeter heap = new HeapMeter();
    private final GcMeter gc = new GcMeter();
    private final PrintStream out;

    private boolean paused;
    private long framesRun;
    private long lastFrameNanos;
    private long lastHeapBytes;
    private long gcCount;

    private WindowedRunner(DemoOptions options, Window window, PrintStream out) {
        this.options = options;
        this.window = window;
        this.input = window.input();
        this.out = out;
        int width = Math.max(1, window.framebufferWidth());
        int height = Math.max(1, window.framebufferHeight());
        slab = ParticleSimulation.createSlab(options.particles(), options.checked());
        sim = new ParticleSimulation(slab, options.seed(), options.particles(), width, height);
        long particleBytes = ParticleVertices.bytesFor(sim.maxLiveCount());
        long bytesPerFrame = particleBytes + Overlay.MAX_ARENA_BYTES + ARENA_SLACK_BYTES;
        upload = createUpload(options, particleBytes, bytesPerFrame);
        frames = upload.frames();
        step = new FrameStep(sim, frames);
        renderer = new Renderer(upload);
        renderer.resize(window.framebufferWidth(), window.framebufferHeight());
        window.consumeResized();
        overlay = new Overlay(frames, slab, times, upload.name() + ", " + options.framesInFlight()
                + " frames in flight, GL " + window.glMajor() + "." + window.glMinor() + " core");
        log = FrameStatsLog.forFrames(options.frames());
    }

    private static UploadPath createUpload(DemoOptions options, long particleBytes, long bytesPerFrame) {
        boolean mapped = switch (options.upload()) {
            case MAPPED -> true;
            case SUBDATA -> false;
            case AUTO -> MappedUpload.supported();
        };
        if (mapped) {
            return new MappedUpload(options.framesInFlight(), bytesPerFrame, options.checked());
        }
        return new SubDataUpload(options.framesInFlight(), bytesPerFrame, particleBytes,
                (long) Overlay.MAX_QUADS * QuadWriter.QUAD_BYTES, options.checked());
    }

    /**
     * Opens the window and runs the demo until the window is closed, Esc is pressed, or {@code --frames} frames
     * have run; then writes {@code --screenshot} and {@code --stats-out} and prints a one-line summary.
     *
     * @return the exit code: 0, or 1 when {@code --upload mapped} is not supported by the context
     * @throws NoDisplayException if no window with an OpenGL 3.3+ core context can be opened
     */
    public static int run(DemoOptions options) {
        return run(options, System.out, System.err);
    }

    static int run(DemoOptions options, PrintStream out, PrintStream err) {
        try (Window window = new Window(TITLE, options.vsync())) {
            if (options.upload() == UploadMode.MAPPED && !MappedUpload.supported()) {
                err.println("error: --upload mapped needs OpenGL 4.4 or ARB_buffer_storage, this context is GL "
                        + window.glMajor() + "." + window.glMinor() + "; use --upload subdata");
                return 1;
            }
            WindowedRunner runner = new WindowedRunner(options, window, out);
            try (JfrRecording jfr = JfrRecording.start(options.jfr())) {
                runner.loop();
            } finally {
                runner.close();
            }
            runner.finish();
            return 0;
        }
    }

    private void loop() {
        long frameStart = System.nanoTime();
        long heapStart = heap.allocatedBytes();
        gcCount = gc.collections();
        while (true) {
            window.pollEvents();
            boolean last = window.closeRequested() || input.quit()
                    || (options.frames() > 0 && framesRun + 1 >= options.frames());
            boolean screenshotNow = input.screenshot();
            applyInput();

            renderFrame(last && options.screenshot() != null);
            if (screenshotNow) {
                saveScreenshot(Path.of("framealloc-" + (framesRun + 1) + ".png"), true);
            }
            if (last && options.screenshot() != null) {
                saveScreenshot(options.screenshot(), false);
            }
            window.swapBuffers();
            framesRun++;

            long now = System.nanoTime();
            long heapNow = heap.allocatedBytes();
            lastFrameNanos = now - frameStart;
            lastHeapBytes = heapNow - heapStart;
            frameStart = now;
            heapStart = heapNow;
            gcCount = gc.collections();
            times.record(lastFrameNanos, now);
            log.record(frames, slab, lastFrameNanos / NANOS_PER_MILLI, lastHeapBytes, gcCount);
            if (last) {
                return;
            }
        }
    }

    /** One frame's arena work, upload and draw calls; the caller swaps. */
    private void renderFrame(boolean forceOverlay) {
        MemoryArena arena = upload.beginFrame();
        float dt = options.fixedDt() ? DemoOptions.FIXED_DT : (float) (lastFrameNanos / NANOS_PER_SECOND);
        int live = step.run(paused ? 0f : dt);
        int firstParticle = upload.upload(UploadPath.PARTICLES, step.vertexAddress(), step.vertexBytes(),
                ParticleVertices.VERTEX_BYTES);

        if (forceOverlay) {
            overlay.setVisible(true);
        }
        int quads = overlay.build(arena, lastHeapBytes, gcCount, paused, sim.spawnRateScale());
        int overlayBase = quads == 0 ? 0 : upload.upload(UploadPath.OVERLAY, overlay.vertexAddress(),
                (long) quads * QuadWriter.QUAD_BYTES, QuadWriter.VERTEX_BYTES);

        if (renderer.hasArea()) {
            renderer.drawBackground();
            renderer.drawParticles(firstParticle, live);
            renderer.drawOverlay(overlayBase, quads);
        }
        upload.endFrame();
    }

    /** Applies the keys, clicks and resizes received since the last frame. */
    private void applyInput() {
        if (window.consumeResized()) {
            int width = window.framebufferWidth(), height = window.framebufferHeight();
            if (width > 0 && height > 0) {
                renderer.resize(width, height);
                sim.resize(width, height);
            }
        }
        if (input.togglePause()) {
            paused = !paused;
        }
        if (input.toggleOverlay()) {
            overlay.setVisible(!overlay.visible());
        }
        if (input.reset()) {
            sim.reset();
        }
        int steps = input.spawnSteps();
        if (steps != 0) {
            sim.setSpawnRateScale(sim.spawnRateScale() * (float) Math.pow(SPAWN_RATE_STEP, steps));
        }
        for (int i = 0, n = input.clicks(); i < n; i++) {
            sim.addEmitter(window.toFramebufferX(input.clickX(i)), window.toFramebufferYUp(input.clickY(i)));
        }
        input.clear();
    }

    private void saveScreenshot(Path path, boolean announce) {
        try {
            Path written = Screenshot.save(renderer.width(), renderer.height(), path);
            if (announce) {
                out.println("screenshot: " + written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot " + path, e);
        }
    }

    private void close() {
        renderer.close();
        upload.close();
        slab.close();
    }

    /** Writes the stats CSV and prints the summary line. */
    private void finish() {
        if (options.statsOut() != null) {
            try {
                log.writeCsv(options.statsOut());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write --stats-out " + options.statsOut(), e);
            }
        }
        int from = log.size() > SUMMARY_WARMUP_FRAMES ? SUMMARY_WARMUP_FRAMES : 0;
        if (log.size() == 0) {
            return;
        }
        double p50 = Percentiles.frameMs(log, from, 50), p99 = Percentiles.frameMs(log, from, 99);
        out.println(String.format(Locale.ROOT,
                "windowed: frames=%d particles=%d upload=%s fps=%.1f ms/frame p50=%.2f p99=%.2f"
                        + " heap bytes/frame median=%d (after frame %d) gcs=%d",
                framesRun, options.particles(), upload.name(), 1000.0 / meanFrameMs(from), p50, p99,
                Percentiles.heapBytes(log, from, 50), from, gcCount));
    }

    private double meanFrameMs(int from) {
        double sum = 0;
        for (int i = from; i < log.size(); i++) {
            sum += log.frameMs(i);
        }
        return sum / (log.size() - from);
    }
}
