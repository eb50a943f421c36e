package dev.framealloc.demo.app;

import dev.framealloc.demo.cli.DemoOptions;
import dev.framealloc.demo.cli.UploadMode;
import dev.framealloc.demo.gl.Input;
import dev.framealloc.demo.gl.MappedUpload;
import dev.framealloc.demo.gl.Renderer;
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
import dev.framealloc.memory.SlabAllocator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The windowed demo's frame loop, on the main thread (GLFW's). Per frame:
 * <ol>
 * <li>poll window events (callbacks set fields) and apply the controls;</li>
 * <li>begin the frame: {@link UploadPath#beginFrame()} (wait for the GPU to release the memory being reused, then
 *     {@code FrameArenas.beginFrame()}), or with {@code --render-thread} {@code FrameArenas.beginFrame()}, which
 *     waits until the render thread has released that memory;</li>
 * <li>the {@link FrameStep} on {@code --threads} walkers: simulate, with the measured frame time or
 *     {@code --fixed-dt}, each walker writing its particles' vertices into its worker arena (in mapped mode, GPU
 *     memory) in the same pass;</li>
 * <li>write the overlay's text and graph quads into the frame's main arena;</li>
 * <li>draw ({@link FrameDrawer}: upload, draw background, particles, overlay; fence; screenshot if asked; swap) on
 *     this thread, or hold the frame and hand it to the {@link RenderThread}, which draws it while this thread
 *     simulates the next one;</li>
 * <li>measure: frame time from {@code System.nanoTime()}, every loop thread's heap bytes, GC count; one stats row.</li>
 * </ol>
 * Once the JIT has compiled it, no loop thread allocates heap memory (the overlay and the CSV show the measured
 * bytes); screenshots (F12, exit) are the exception.
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
    private final int threads;
    private final RenderThread renderThread;
    private final GlRenderWork renderWork;
    private final UploadPath upload;
    private final Renderer renderer;
    private final FrameDrawer drawer;
    private final FrameArenas frames;
    private final FrameStep step;
    private final FramePacket[] packets;
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
    private long updateNanos;
    private long renderNanos;
    private long waitNanos;

    private WindowedRunner(DemoOptions options, Window window, boolean mapped, PrintStream out) {
        this.options = options;
        this.window = window;
        this.input = window.input();
        this.out = out;
        this.threads = options.threads();
        int width = Math.max(1, window.framebufferWidth());
        int height = Math.max(1, window.framebufferHeight());
        slab = ParticleSimulation.createSlab(options.particles(), options.checked());
        sim = new ParticleSimulation(slab, options.seed(), options.particles(), width, height);
        long particleBytes = ParticleVertices.bytesFor(sim.maxLiveCount());
        long walkerBytes = FrameStep.walkerBytes(sim.maxLiveCount(), threads) + ARENA_SLACK_BYTES;
        long mainBytes = Overlay.MAX_ARENA_BYTES + ARENA_SLACK_BYTES;
        Supplier<UploadPath> uploads = () -> mapped
                ? new MappedUpload(options.framesInFlight(), mainBytes, threads, walkerBytes)
                : new SubDataUpload(options.framesInFlight(), mainBytes, threads, walkerBytes, particleBytes,
                (long) Overlay.MAX_QUADS * QuadWriter.QUAD_BYTES);
        if (options.renderThread()) {
            window.releaseContext();
            renderWork = new GlRenderWork(window, options.vsync(), uploads, out, threads);
            renderThread = new RenderThread("render", renderWork);
            renderThread.awaitSetUp();
            upload = renderWork.upload();
            renderer = null;
            drawer = null;
        } else {
            renderWork = null;
            renderThread = null;
            upload = uploads.get();
            renderer = new Renderer(upload);
            renderer.resize(window.framebufferWidth(), window.framebufferHeight());
            drawer = new FrameDrawer(window, upload, renderer, out, threads);
        }
        window.consumeResized();
        frames = upload.configure(FrameArenas.builder()).name("frame").checked(options.checked()).build();
        upload.attach(frames);
        step = new FrameStep(sim, frames, threads);
        packets = new FramePacket[options.framesInFlight()];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = new FramePacket(threads);
        }
        overlay = new Overlay(frames, slab, times, upload.name() + ", " + options.framesInFlight()
                + " frames in flight, GL " + window.glMajor() + "." + window.glMinor() + " core");
        log = FrameStatsLog.forFrames(options.frames(), threadColumns(threads, options.renderThread()));
        if (renderThread != null) {
            renderWork.packets(packets);
            renderThread.start(frames, log, threads - 1);
        }
    }

    /** The CSV's thread columns: {@code walker_1} to {@code walker_<threads-1>}, then {@code render} if any. */
    static String[] threadColumns(int threads, boolean renderThread) {
        String[] walkers = HeadlessRunner.walkerColumns(threads);
        if (!renderThread) {
            return walkers;
        }
        String[] names = java.util.Arrays.copyOf(walkers, walkers.length + 1);
        names[walkers.length] = "render";
        return names;
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
            boolean mapped = switch (options.upload()) {
                case MAPPED -> true;
                case SUBDATA -> false;
                case AUTO -> MappedUpload.supported();
            };
            WindowedRunner runner = new WindowedRunner(options, window, mapped, out);
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
            boolean resized = window.consumeResized();
            applyInput(resized);

            long begin = System.nanoTime();
            if (renderThread != null) {
                frames.beginFrame(); // waits while the render thread still holds the frame being reused
            } else {
                upload.beginFrame(); // waits for the GPU fence of the frame being reused
            }
            long simStart = System.nanoTime();
            waitNanos = simStart - begin;
            long frame = frames.frameNumber();
            FramePacket packet = packets[(int) ((frame - 1) % packets.length)];
            updateFrame(packet, frame, last, screenshotNow, resized);
            long updated = System.nanoTime();
            updateNanos = updated - simStart;
            if (renderThread != null) {
                frames.hold(frame); // released by the render thread once the GPU has read the frame
                renderThread.submit(frame);
                renderNanos = renderThread.lastRenderNanos();
            } else {
                drawer.draw(packet);
                renderNanos = System.nanoTime() - updated;
            }
            framesRun++;

            long now = System.nanoTime();
            long heapNow = heap.allocatedBytes();
            lastFrameNanos = now - frameStart;
            lastHeapBytes = heapNow - heapStart;
            frameStart = now;
            heapStart = heapNow;
            gcCount = gc.collections();
            times.record(lastFrameNanos, now);
            log.record(frames, slab, lastFrameNanos / NANOS_PER_MILLI, lastHeapBytes, gcCount, step.expiredCount());
            for (int w = 1; w < threads; w++) {
                log.threadHeapBytes(frame, w - 1, step.walkerHeapBytes(w));
            }
            if (last) {
                if (renderThread != null) {
                    renderThread.awaitRendered(frame);
                }
                return;
            }
        }
    }

    /** The loop thread's part of a frame: step, overlay, and the packet the drawing reads. */
    private void updateFrame(FramePacket packet, long frame, boolean last, boolean screenshotNow, boolean resized) {
        float dt = options.fixedDt() ? DemoOptions.FIXED_DT : (float) (lastFrameNanos / NANOS_PER_SECOND);
        step.run(paused ? 0f : dt);
        if (last && options.screenshot() != null) {
            overlay.setVisible(true);
        }
        overlay.setThreads(threads, renderThread != null, updateNanos / NANOS_PER_MILLI,
                renderNanos / NANOS_PER_MILLI, waitNanos / NANOS_PER_MILLI);
        int quads = overlay.build(frames.current(), lastHeapBytes, gcCount, paused, sim.spawnRateScale());

        packet.frameNumber = frame;
        packet.parts = step.parts();
        for (int i = 0; i < packet.parts; i++) {
            packet.partAddress[i] = step.partAddress(i);
            packet.partVertices[i] = step.partVertices(i);
        }
        packet.overlayAddress = overlay.vertexAddress();
        packet.overlayQuads = quads;
        packet.resized = resized;
        packet.width = window.framebufferWidth();
        packet.height = window.framebufferHeight();
        packet.screenshot = screenshotNow ? Path.of("framealloc-" + (framesRun + 1) + ".png") : null;
        packet.exitScreenshot = last ? options.screenshot() : null;
        packet.last = last;
    }

    /** Applies the keys, clicks and resizes received since the last frame. */
    private void applyInput(boolean resized) {
        if (resized) {
            int width = window.framebufferWidth(), height = window.framebufferHeight();
            if (width > 0 && height > 0) {
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
            step.reset(); // the simulation and the step's expired lists, whose handles the reset makes stale
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

    /**
     * Stops the walkers, closes the frame arenas (before the GPU memory under them goes), then the GL objects (on
     * the render thread, if any) and the slab.
     */
    private void close() {
        try {
            step.close();
            frames.close();
        } finally {
            try {
                if (renderThread != null) {
                    renderThread.close();
                } else {
                    renderer.close();
                    upload.close();
                }
            } finally {
                slab.close();
            }
        }
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
                        + " heap bytes/frame median=%d (after frame %d) gcs=%d threads=%d render-thread=%s",
                framesRun, options.particles(), upload.name(), 1000.0 / meanFrameMs(from), p50, p99,
                Percentiles.heapBytes(log, from, 50), from, gcCount, threads,
                renderThread != null ? "on" : "off"));
    }

    private double meanFrameMs(int from) {
        double sum = 0;
        for (int i = from; i < log.size(); i++) {
            sum += log.frameMs(i);
        }
        return sum / (log.size() - from);
    }
}
