package dev.framealloc.demo.app;

import dev.framealloc.demo.gl.Renderer;
import dev.framealloc.demo.gl.UploadPath;
import dev.framealloc.demo.gl.Window;
import dev.framealloc.demo.stats.FrameStatsLog;
import dev.framealloc.demo.stats.HeapMeter;
import dev.framealloc.memory.FrameArenas;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * {@code --render-thread}: a thread that owns the window's GL context and draws the frames the loop thread hands
 * it, so that the simulation of frame F+1 (on the loop thread and its walkers) overlaps the drawing of frame F.
 * GLFW's events stay on the loop thread (the main thread).
 * <p>
 * The hand-off, in the manner of bgfx's API and render threads: the loop thread fills frame F's
 * {@link FramePacket}, {@linkplain FrameArenas#hold(long) holds} frame F and {@link #submit}s it (a volatile write
 * and an unpark). The render thread draws it, waits until the GPU has read the frame's memory (mapped upload: the
 * frame's fence; sub-data upload: at once, the driver copied it), then {@linkplain FrameArenas#release(long)
 * releases} frame F. The loop thread's {@code beginFrame()} for the frame that reuses F's memory and packet waits
 * for that release. Waiting on either side spins briefly, then parks: no heap allocation per frame.
 * <p>
 * Lifecycle, all called on the loop thread: the constructor starts the thread, which takes the context and builds
 * the upload path and renderer; {@link #upload()} returns the path once built; {@link #start} gives it the frame
 * arenas, packets and log; then {@code submit} per frame; at the end {@link #awaitRendered}, close the frame arenas,
 * then {@link #close()}, which deletes the GL objects on the render thread and joins it.
 */
final class RenderThread implements AutoCloseable {
    private static final int SPIN_ROUNDS = 2_000;

    private final Window window;
    private final Thread thread;
    private final Thread loopThread;
    private final CountDownLatch built = new CountDownLatch(1);
    private final Supplier<UploadPath> uploadFactory;
    private final boolean vsync;
    private final PrintStream out;
    private UploadPath upload;
    private Renderer renderer;
    private volatile Throwable failure;

    // Set by start(), published by the first submit's volatile write.
    private FrameArenas frames;
    private FramePacket[] packets;
    private FrameStatsLog log;
    private int heapColumn;
    private int maxParts;

    /** Last frame submitted by the loop thread; the render thread draws every frame up to it. */
    private volatile long submitted;
    /** Last frame the render thread finished (released). */
    private volatile long rendered;
    private volatile long renderNanos;
    private volatile boolean stopping;
    /** The loop thread while it parks in {@link #awaitRendered}. */
    private volatile Thread waiter;

    /**
     * Releases the window's context from the calling (loop) thread and starts the render thread, which makes it
     * current and builds the upload path with {@code uploadFactory} and a renderer over it.
     */
    RenderThread(Window window, boolean vsync, Supplier<UploadPath> uploadFactory, PrintStream out) {
        this.window = window;
        this.vsync = vsync;
        this.uploadFactory = uploadFactory;
        this.out = out;
        this.loopThread = Thread.currentThread();
        window.releaseContext();
        thread = Thread.ofPlatform().name("render").unstarted(this::run);
        thread.start();
    }

    /**
     * Waits for the render thread to build the upload path and returns it (its {@code configure} may be called on
     * any thread; its GL calls happen on the render thread).
     *
     * @throws IllegalStateException if the render thread failed to build it
     */
    UploadPath upload() {
        boolean interrupted = false;
        while (true) {
            try {
                built.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        throwIfFailed();
        return upload;
    }

    /** Gives the render thread what it needs before the first {@link #submit}. */
    void start(FrameArenas frames, FramePacket[] packets, FrameStatsLog log, int heapColumn, int maxParts) {
        this.frames = frames;
        this.packets = packets;
        this.log = log;
        this.heapColumn = heapColumn;
        this.maxParts = maxParts;
    }

    /**
     * Hands frame {@code frameNumber} to the render thread: its packet is filled and the loop thread holds the
     * frame. Allocation-free.
     *
     * @throws RuntimeException the render thread's failure, if it failed
     */
    void submit(long frameNumber) {
        throwIfFailed();
        submitted = frameNumber;
        LockSupport.unpark(thread);
    }

    /** Nanoseconds the render thread took for the last frame it drew (upload, draw, swap, GPU wait). */
    long lastRenderNanos() {
        return renderNanos;
    }

    /** Waits until the render thread has drawn and released frame {@code frameNumber}. */
    void awaitRendered(long frameNumber) {
        for (int round = 0; rendered < frameNumber && failure == null; round++) {
            if (round < SPIN_ROUNDS) {
                Thread.onSpinWait();
            } else {
                waiter = loopThread;
                if (rendered < frameNumber && failure == null) {
                    LockSupport.parkNanos(this, 1_000_000);
                }
                waiter = null;
            }
        }
        throwIfFailed();
    }

    void throwIfFailed() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("the render thread failed", t);
        }
    }

    private void run() {
        try {
            window.makeContextCurrent(vsync);
            upload = uploadFactory.get();
            renderer = new Renderer(upload);
            renderer.resize(window.framebufferWidth(), window.framebufferHeight());
        } catch (Throwable t) {
            failure = t;
            built.countDown();
            return;
        }
        built.countDown();
        try {
            drawLoop();
        } catch (Throwable t) {
            failure = t;
            releaseUntilStopped();
        } finally {
            dispose();
        }
    }

    private void drawLoop() {
        HeapMeter heap = new HeapMeter();
        FrameDrawer drawer = null;
        long next = 1;
        while (true) {
            for (int round = 0; submitted < next && !stopping; round++) {
                if (round < SPIN_ROUNDS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this); // submit() and close() unpark
                }
            }
            if (submitted < next) {
                return; // stopping, and everything submitted is drawn
            }
            if (drawer == null) {
                drawer = new FrameDrawer(window, upload, renderer, out, maxParts);
            }
            long before = heap.allocatedBytes();
            long start = System.nanoTime();
            FramePacket p = packets[(int) ((next - 1) % packets.length)];
            upload.beginRender(next);
            drawer.draw(p);
            upload.awaitGpu();
            frames.release(next);
            renderNanos = System.nanoTime() - start;
            log.threadHeapBytes(next, heapColumn, heap.allocatedBytes() - before);
            rendered = next;
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
            next++;
        }
    }

    /** After a failure: release every frame the loop thread submits, so it is not stuck waiting for holds. */
    private void releaseUntilStopped() {
        long next = rendered + 1;
        while (!stopping || submitted >= next) {
            if (submitted >= next) {
                try {
                    frames.release(next);
                } catch (RuntimeException ignored) {
                    // the frame was never held (the failure came before its hold) or the arenas are closing
                }
                rendered = next++;
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            } else {
                LockSupport.parkNanos(this, 1_000_000);
            }
        }
    }

    private void dispose() {
        try {
            if (renderer != null) {
                renderer.close();
            }
            if (upload != null) {
                upload.close();
            }
        } finally {
            window.releaseContext();
        }
    }

    /**
     * Stops the render thread once it has drawn every submitted frame, deletes the GL objects there (so close the
     * frame arenas over the upload path's memory first) and joins it. The context is current on no thread after.
     *
     * @throws RuntimeException the render thread's failure, if it failed
     */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        throwIfFailed();
    }
}
