package dev.framealloc.demo.app;

import dev.framealloc.demo.loop.WorkerPool;
import dev.framealloc.demo.stats.FrameStatsLog;
import dev.framealloc.memory.FrameArenas;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The render thread's hand-off without GL: a loop thread with two walker threads fills each frame's worker arenas
 * with checksummed words, holds the frame and submits it; the render thread's work verifies the frame before and
 * after a random delay. If the render thread released a frame before it was done with it, or drew frames out of
 * order or twice, the loop thread would overwrite the memory under it and a checksum would fail.
 */
class RenderThreadTest {
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final int WORDS = 512;
    private static final int WALKERS = 2;

    /** Frame data: per frame slot, each walker's block address, written by the loop thread before submit. */
    private static final class Frames implements AutoCloseable {
        final FrameArenas arenas;
        final long[][] blocks;
        final WorkerPool pool;
        long frame;

        Frames(int frameCount) {
            arenas = FrameArenas.builder().name("handoff").frameCount(frameCount).workers(WALKERS)
                    .blockSize(1 << 14).holdTimeout(Duration.ofSeconds(20)).checked(false).build();
            blocks = new long[frameCount][WALKERS];
            pool = new WorkerPool("handoff-walker", WALKERS, this::fill);
        }

        /** Walker {@code w} fills its block of the current frame: word i = mix(frame, w, i). */
        private void fill(int w) {
            long block = arenas.worker(w).allocateAddress(8L * WORDS, 8);
            for (int i = 0; i < WORDS; i++) {
                ALL.set(ValueLayout.JAVA_LONG, block + 8L * i, mix(frame, w, i));
            }
            blocks[(int) ((frame - 1) % blocks.length)][w] = block;
        }

        void next() {
            arenas.beginFrame();
            frame = arenas.frameNumber();
            pool.run();
        }

        @Override
        public void close() {
            pool.close();
            arenas.close();
        }
    }

    static long mix(long frame, int walker, int word) {
        long z = frame * 0x9E3779B97F4A7C15L + walker * 0xBF58476D1CE4E5B9L + word;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 29);
    }

    /** Verifies frame {@code frame}'s blocks; returns the first bad word's description, or null. */
    static String check(Frames f, long frame) {
        long[] slot = f.blocks[(int) ((frame - 1) % f.blocks.length)];
        for (int w = 0; w < WALKERS; w++) {
            for (int i = 0; i < WORDS; i++) {
                if (ALL.get(ValueLayout.JAVA_LONG, slot[w] + 8L * i) != mix(frame, w, i)) {
                    return "frame " + frame + " walker " + w + " word " + i + " changed under the render thread";
                }
            }
        }
        return null;
    }

    @ParameterizedTest(name = "frameCount={0}")
    @ValueSource(ints = {2, 3})
    void heldFramesAreDrawnInOrderOnceAndNeverReusedUnderTheRenderThread(int frameCount) {
        int frames = 3_000;
        long seed = System.nanoTime();
        try (Frames f = new Frames(frameCount)) {
            long[] drawn = new long[1];
            String[] broken = new String[1];
            SplittableRandom renderRandom = new SplittableRandom(seed);
            RenderThread render = new RenderThread("render-test", new RenderThread.Work() {
                @Override
                public void setUp() {
                }

                @Override
                public void draw(long frame) {
                    if (frame != drawn[0] + 1) {
                        broken[0] = "frame " + frame + " drawn after frame " + drawn[0];
                    }
                    drawn[0] = frame;
                    String bad = check(f, frame);
                    delay(renderRandom);
                    bad = bad != null ? bad : check(f, frame);
                    if (bad != null && broken[0] == null) {
                        broken[0] = bad;
                    }
                }

                @Override
                public void dispose() {
                }
            });
            render.awaitSetUp();
            render.start(f.arenas, new FrameStatsLog(frames, new String[] {"render"}), 0);
            SplittableRandom loopRandom = new SplittableRandom(seed + 1);
            long waited = 0;
            try {
                for (int i = 0; i < frames; i++) {
                    f.next();
                    waited += f.arenas.waitNanos() > 0 ? 1 : 0;
                    f.arenas.hold(f.frame);
                    render.submit(f.frame);
                    if (loopRandom.nextInt(3) == 0) {
                        delay(loopRandom);
                    }
                }
                render.awaitRendered(f.frame);
            } finally {
                render.close();
            }
            assertEquals(null, broken[0], "seed " + seed);
            assertEquals(frames, drawn[0]);
            assertEquals(frames, render.rendered());
            assertTrue(waited > 0, "the loop thread never waited for the render thread (seed " + seed + ")");
        }
    }

    /** A failing draw surfaces on the loop thread, and the frames it submitted are released: nothing hangs. */
    @Test
    void aFailureOnTheRenderThreadIsRethrownOnTheLoopThreadAndHoldsAreReleased() {
        try (Frames f = new Frames(2)) {
            boolean[] disposed = new boolean[1];
            RenderThread render = new RenderThread("render-fail", new RenderThread.Work() {
                @Override
                public void setUp() {
                }

                @Override
                public void draw(long frame) {
                    if (frame == 5) {
                        throw new IllegalStateException("draw failed at frame 5");
                    }
                }

                @Override
                public void dispose() {
                    disposed[0] = true;
                }
            });
            render.awaitSetUp();
            render.start(f.arenas, new FrameStatsLog(100, new String[] {"render"}), 0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    f.next(); // would time out on a frame the failed render thread still held
                    f.arenas.hold(f.frame);
                    render.submit(f.frame);
                }
                render.awaitRendered(f.frame);
            });
            assertEquals("draw failed at frame 5", e.getMessage());
            assertThrows(IllegalStateException.class, render::close);
            assertTrue(disposed[0], "dispose() ran after the failure");
            f.next();
            f.next(); // every frame was released: beginFrame does not run into the 20 s hold timeout
        }
    }

    @Test
    void aFailingSetUpFailsAwaitSetUp() {
        RenderThread render = new RenderThread("render-setup", new RenderThread.Work() {
            @Override
            public void setUp() {
                throw new IllegalStateException("no GL context");
            }

            @Override
            public void draw(long frame) {
            }

            @Override
            public void dispose() {
            }
        });
        assertEquals("no GL context", assertThrows(IllegalStateException.class, render::awaitSetUp).getMessage());
        assertThrows(IllegalStateException.class, render::close);
    }

    /** Handing off and drawing allocate nothing on the render thread once warm: its heap column reads 0. */
    @Test
    @Tag("zero-garbage")
    void theRenderThreadAllocatesNothingPerFrameOnceWarm() {
        int frames = 30_000;
        int measured = 3_000;
        try (Frames f = new Frames(2)) {
            long[] sink = new long[1];
            RenderThread render = new RenderThread("render-quiet", new RenderThread.Work() {
                @Override
                public void setUp() {
                }

                @Override
                public void draw(long frame) {
                    sink[0] += frame;
                }

                @Override
                public void dispose() {
                }
            });
            render.awaitSetUp();
            FrameStatsLog log = new FrameStatsLog(measured, new String[] {"render"});
            render.start(f.arenas, log, 0);
            try {
                for (int i = 0; i < frames; i++) {
                    f.next();
                    f.arenas.hold(f.frame);
                    render.submit(f.frame);
                    if (i >= frames - measured) {
                        log.record(f.frame, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                    }
                }
                render.awaitRendered(f.frame);
            } finally {
                render.close();
            }
            long total = 0;
            for (int i = 0; i < log.size(); i++) {
                total += log.threadHeapBytes(i, 0);
            }
            assertEquals(measured, log.size());
            assertEquals(0, total, "render-thread heap bytes over the last " + measured + " of " + frames + " frames");
            assertTrue(sink[0] > 0);
        }
    }

    private static void delay(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            LockSupport.parkNanos(random.nextInt(300_000));
        } else if (kind < 3) {
            Thread.yield();
        } else {
            for (int spin = random.nextInt(3_000); spin > 0; spin--) {
                Thread.onSpinWait();
            }
        }
    }
}
