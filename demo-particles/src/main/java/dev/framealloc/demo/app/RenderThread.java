package dev.framealloc.demo.app;

import dev.framealloc.demo.stats.FrameStatsLog;
import dev.framealloc.demo.stats.HeapMeter;
import dev.framealloc.memory.FrameArenas;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code --render-thread}: a thread that draws the frames the loop thread hands it, so that the simulation of frame
 * F+1 (on the loop thread and its walkers) overlaps the drawing of frame F. The drawing itself is a {@link Work}: the
 * demo's is {@link GlRenderWork}, which owns the window's GL context (GLFW's events stay on the loop thread).
 * <p>
 * The hand-off, in the manner of bgfx's API and render threads: the loop thread writes frame F's data (a
 * {@link FramePacket}), {@linkplain FrameArenas#hold(long) holds} frame F and {@link #submit}s it (a volatile write
 * and an unpark). The render thread draws frames in order, each one exactly once; after {@link Work#draw} returns (for
 * GL: once the GPU has read the frame's memory) it {@linkplain FrameArenas#release(long) releases} the frame and
 * records its heap bytes. The loop thread's {@code beginFrame()} for the frame that reuses F's memory (and packet)
 * waits for that release. Waiting on either side spins briefly, then parks: no heap allocation per frame.
 * <p>
 * Lifecycle, all called on the loop thread: the constructor starts the thread, which runs {@link Work#setUp()};
 * {@link #awaitSetUp()}; {@link #start} gives it the frame arenas and the log; then {@code submit} per frame; at the
 * end {@link #awaitRendered}, close the frame arenas, then {@link #close()}, which runs {@link Work#dispose()} on the
 * render thread and joins it. A failure on the render thread is rethrown on the loop thread by the next call; after
 * it the render thread keeps releasing what is submitted, so the loop thread is never stuck on a hold.
 */
final class RenderThread implements AutoCloseable {
    /** What the render thread does: set up, draw each frame, dispose; all on the render thread. */
    interface Work {
        /** Once, first (for GL: take the context, build buffers and shaders). */
        void setUp();

        /**
         * Draws frame {@code frameNumber}, whose data the loop thread wrote and holds; returns when that data is no
         * longer needed (for GL: after the GPU fence of the frame).
         */
        void draw(long frameNumber);

        /** Once, last, also after a failure (for GL: delete the objects, release the context). */
        void dispose();
    }

    private static final int SPIN_ROUNDS = 2_000;
    private static final long PARK_NANOS = 1_000_000;

    private final Work work;
    private final Thread thread;
    private final Thread loopThread;
    private final CountDownLatch setUp = new CountDownLatch(1);
    private volatile Throwable failure;

    // Set by start(), published by the first submit's volatile write.
    private FrameArenas frames;
    private FrameStatsLog log;
    private int heapColumn;

    /** Last frame submitted by the loop thread; the render thread draws every frame up to it. */
    private volatile long submitted;
    /** Last frame the render thread finished (released). */
    private volatile long rendered;
    private volatile long renderNanos;
    private volatile boolean stopping;
    /** The loop thread while it parks in {@link #awaitRendered}. */
    private volatile Thread waiter;

    /** Starts the render thread, named {@code name}, which runs {@code work.setUp()}. */
    RenderThread(String name, Work work) {
        this.work = work;
        this.loopThread = Thread.currentThread();
        thread = Thread.ofPlatform().name(name).unstarted(this::run);
        thread.start();
    }

    /**
     * Waits until {@link Work#setUp()} has finished on the render thread.
     *
     * @throws RuntimeException its failure, if it failed
     */
    void awaitSetUp() {
        boolean interrupted = false;
        while (true) {
            try {
                setUp.await();
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

    /**
     * Gives the render thread what it needs before the first {@link #submit}: the frame arenas whose frames it
     * releases, and the log and column where it records its heap bytes per frame.
     */
    void start(FrameArenas frames, FrameStatsLog log, int heapColumn) {
        this.frames = frames;
        this.log = log;
        this.heapColumn = heapColumn;
    }

    /**
     * Hands frame {@code frameNumber} (the one after the last submitted) to the render thread: its data is written
     * and the loop thread holds the frame. Allocation-free.
     *
     * @throws RuntimeException the render thread's failure, if it failed; the frame's hold is released then, since
     *                          nothing will draw it
     */
    void submit(long frameNumber) {
        if (failure != null) {
            frames.release(frameNumber);
            throwIfFailed();
        }
        submitted = frameNumber;
        LockSupport.unpark(thread);
    }

    /** Nanoseconds the render thread took for the last frame it drew (for GL: upload, draw, swap, GPU wait). */
    long lastRenderNanos() {
        return renderNanos;
    }

    /** Last frame the render thread finished and released. */
    long rendered() {
        return rendered;
    }

    /**
     * Waits until the render thread has drawn and released frame {@code frameNumber}.
     *
     * @throws RuntimeException the render thread's failure, if it failed
     */
    void awaitRendered(long frameNumber) {
        for (int round = 0; rendered < frameNumber && failure == null; round++) {
            if (round < SPIN_ROUNDS) {
                Thread.onSpinWait();
            } else {
                waiter = loopThread;
                if (rendered < frameNumber && failure == null) {
                    LockSupport.parkNanos(this, PARK_NANOS);
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
            work.setUp();
        } catch (Throwable t) {
            failure = t;
            setUp.countDown();
            disposeQuietly();
            return;
        }
        setUp.countDown();
        try {
            drawLoop();
        } catch (Throwable t) {
            failure = t;
            releaseUntilStopped();
        } finally {
            disposeQuietly();
        }
    }

    private void drawLoop() {
        HeapMeter heap = new HeapMeter();
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
            long before = heap.allocatedBytes();
            long start = System.nanoTime();
            work.draw(next);
            frames.release(next);
            renderNanos = System.nanoTime() - start;
            log.threadHeapBytes(next, heapColumn, heap.allocatedBytes() - before);
            finished(next);
            next++;
        }
    }

    private void finished(long frame) {
        rendered = frame;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
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
                    // the failure came after this frame's release, or the arenas are closing
                }
                finished(next++);
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
    }

    private void disposeQuietly() {
        try {
            work.dispose();
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            }
        }
    }

    /**
     * Stops the render thread once it has drawn every submitted frame, runs {@link Work#dispose()} there (so close
     * the frame arenas over the work's memory first) and joins it.
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
