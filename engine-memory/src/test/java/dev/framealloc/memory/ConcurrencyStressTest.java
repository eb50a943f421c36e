package dev.framealloc.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A render thread reads frame F while the loop thread builds frame F+1, as a game with a render thread does;
 * the frame handoff orders the access. Other threads that try to allocate are refused. Bounded: a fixed number
 * of frames, then both threads stop. A failure on another thread fails the test at once, with that thread's own
 * message and stack trace as the cause.
 */
class ConcurrencyStressTest {
    private static final int FRAMES = 5_000;
    private static final int LONGS_PER_FRAME = 2048;
    /** How long the loop waits for the render thread before calling it stalled. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_MILLIS = 20;
    /** Render-thread pauses, up to this long, every few frames: they shift which frame each side is in. */
    private static final long MAX_DELAY_NANOS = 200_000;

    record Published(long frame, MemorySegment data) {}

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void renderThreadReadsThePreviousFrameWhileTheLoopBuildsTheNext(boolean checked) throws Exception {
        BlockingQueue<Published> toRender = new ArrayBlockingQueue<>(1);
        BlockingQueue<Long> rendered = new ArrayBlockingQueue<>(2);
        AtomicReference<Throwable> renderFailure = new AtomicReference<>();
        AtomicInteger refusedAllocations = new AtomicInteger();
        AtomicReference<FrameArenas> shared = new AtomicReference<>();
        long seed = System.nanoTime();

        try (FrameArenas frames = FrameArenas.builder().frameCount(2).blockSize(64 * 1024).checked(checked).build()) {
            shared.set(frames);
            Thread render = Thread.ofPlatform().name("render").start(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                    for (int i = 1; i <= FRAMES; i++) {
                        Published p = toRender.take();
                        if (random.nextInt(8) == 0) {
                            LockSupport.parkNanos(random.nextLong(MAX_DELAY_NANOS));
                        }
                        for (int k = 0; k < LONGS_PER_FRAME; k++) {
                            long value = p.data().getAtIndex(ValueLayout.JAVA_LONG, k);
                            if (value != p.frame() * 1_000_003L + k) {
                                throw new AssertionError("frame " + p.frame() + " word " + k + " read " + value
                                        + ", expected " + (p.frame() * 1_000_003L + k));
                            }
                        }
                        if ((i & 63) == 0) {
                            try {
                                shared.get().current().allocateAddress(8, 8);
                            } catch (WrongThreadException expected) {
                                refusedAllocations.incrementAndGet();
                            }
                        }
                        rendered.put(p.frame());
                    }
                } catch (InterruptedException stopped) {
                    // the loop thread failed and stopped us
                } catch (Throwable t) {
                    renderFailure.set(t);
                }
            });
            try {
                long lastRendered = 0;
                for (long frame = 1; frame <= FRAMES; frame++) {
                    // Frame F reuses the memory of F-2: the render thread must be done with it.
                    while (lastRendered < frame - 2) {
                        lastRendered = awaitRendered(rendered, renderFailure, frame);
                    }
                    MemoryArena arena = frames.beginFrame();
                    MemorySegment data = arena.allocate(ValueLayout.JAVA_LONG, LONGS_PER_FRAME);
                    for (int k = 0; k < LONGS_PER_FRAME; k++) {
                        data.setAtIndex(ValueLayout.JAVA_LONG, k, frame * 1_000_003L + k);
                    }
                    arena.allocateAddress(1 + (frame % 4000), 16); // varying scratch after the published data
                    publish(toRender, new Published(frame, data), renderFailure);
                }
                render.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(render.isAlive(), "the render thread did not finish within 30 s of the last frame");
                failIfRenderFailed(renderFailure, FRAMES);
                assertEquals(FRAMES / 64, refusedAllocations.get(), "every foreign allocation was refused");
            } finally {
                render.interrupt();
                render.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    /** Waits for the render thread to finish a frame; fails at once, with its cause, if the render thread failed. */
    private static long awaitRendered(BlockingQueue<Long> rendered, AtomicReference<Throwable> renderFailure,
                                      long frame) throws InterruptedException {
        long deadline = System.nanoTime() + STALL_NANOS;
        while (System.nanoTime() < deadline) {
            Long done = rendered.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (done != null) {
                return done;
            }
            failIfRenderFailed(renderFailure, frame);
        }
        return fail("render thread stalled: no frame rendered for 10 s while the loop waited to begin frame " + frame);
    }

    private static void publish(BlockingQueue<Published> toRender, Published p, AtomicReference<Throwable> renderFailure)
            throws InterruptedException {
        long deadline = System.nanoTime() + STALL_NANOS;
        while (!toRender.offer(p, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            failIfRenderFailed(renderFailure, p.frame());
            if (System.nanoTime() > deadline) {
                fail("render thread stalled: frame " + p.frame() + " not taken for 10 s");
            }
        }
    }

    private static void failIfRenderFailed(AtomicReference<Throwable> renderFailure, long frame) {
        Throwable t = renderFailure.get();
        if (t != null) {
            throw new AssertionError("render thread failed (loop at frame " + frame + "): " + t, t);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void manyThreadsAreRefusedWithoutDisturbingTheOwner() throws Exception {
        try (MemoryArena arena = MemoryArena.builder().name("owned").blockSize(1 << 16).build();
             SlabAllocator slab = SlabAllocator.builder().name("owned-slab").build()) {
            long handle = slab.allocate();
            int threads = 4;
            int attempts = 2_000;
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger refused = new AtomicInteger();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                long seed = t;
                workers[t] = Thread.ofPlatform().name("foreign-" + t).start(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    try {
                        start.await();
                        for (int i = 0; i < attempts; i++) {
                            if (random.nextInt(16) == 0) {
                                LockSupport.parkNanos(random.nextLong(50_000));
                            }
                            try {
                                if ((i & 1) == 0) {
                                    arena.allocateAddress(16, 16);
                                } else {
                                    slab.free(handle);
                                }
                            } catch (WrongThreadException expected) {
                                refused.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                });
            }
            start.countDown();
            // The owner keeps allocating meanwhile: 32 bytes at a time, a reset every 1,024. A foreign allocation that
            // got through would leave a gap in the owner's addresses, or show in its allocation count.
            int gaps = 0;
            long base = 0;
            for (int i = 0; i < 200_000; i++) {
                long address = arena.allocateAddress(32, 16);
                if ((i & 1023) == 0) {
                    base = address;
                } else if (address != base + 32L * (i & 1023)) {
                    gaps++;
                }
                if ((i & 1023) == 1023) {
                    arena.reset();
                }
            }
            for (Thread w : workers) {
                w.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(w.isAlive(), w.getName() + " did not finish within 30 s");
            }
            Throwable e = unexpected.get();
            if (e != null) {
                throw new AssertionError("a foreign thread failed unexpectedly: " + e, e);
            }
            assertEquals(threads * attempts, refused.get(), "every foreign call was refused");
            assertEquals(0, gaps, "the owner's consecutive allocations were contiguous");
            assertEquals(200_000 % 1024, arena.allocationCount(), "allocations since the last reset: the owner's only");
            assertEquals(200_000 % 1024 * 32L, arena.usedBytes());
            assertTrue(slab.isLive(handle), "foreign frees did nothing");
            assertEquals(1, slab.liveCount());
        }
    }
}
