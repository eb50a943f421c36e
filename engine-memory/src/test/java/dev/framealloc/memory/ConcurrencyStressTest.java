package dev.framealloc.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A render thread reads frame F while the loop thread builds frame F+1, as a game with a render thread does;
 * the frame handoff orders the access. Other threads that try to allocate are refused. Bounded: a fixed number
 * of frames, then both threads stop.
 */
class ConcurrencyStressTest {
    private static final int FRAMES = 5_000;
    private static final int LONGS_PER_FRAME = 2048;

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

        try (FrameArenas frames = FrameArenas.builder().frameCount(2).blockSize(64 * 1024).checked(checked).build()) {
            shared.set(frames);
            Thread render = Thread.ofPlatform().name("render").start(() -> {
                try {
                    for (int i = 1; i <= FRAMES; i++) {
                        Published p = toRender.take();
                        for (int k = 0; k < LONGS_PER_FRAME; k++) {
                            long value = p.data().getAtIndex(ValueLayout.JAVA_LONG, k);
                            if (value != p.frame() * 1_000_003L + k) {
                                throw new AssertionError("frame " + p.frame() + " word " + k + " read " + value);
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
                } catch (Throwable t) {
                    renderFailure.set(t);
                }
            });

            long lastRendered = 0;
            for (long frame = 1; frame <= FRAMES && renderFailure.get() == null; frame++) {
                // Frame F reuses the memory of F-2: the render thread must be done with it.
                while (lastRendered < frame - 2) {
                    Long done = rendered.poll(10, TimeUnit.SECONDS);
                    assertTrue(done != null, "render thread stalled");
                    lastRendered = done;
                }
                MemoryArena arena = frames.beginFrame();
                MemorySegment data = arena.allocate(ValueLayout.JAVA_LONG, LONGS_PER_FRAME);
                for (int k = 0; k < LONGS_PER_FRAME; k++) {
                    data.setAtIndex(ValueLayout.JAVA_LONG, k, frame * 1_000_003L + k);
                }
                arena.allocateAddress(1 + (frame % 4000), 16); // varying scratch after the published data
                assertTrue(toRender.offer(new Published(frame, data), 10, TimeUnit.SECONDS), "render thread stalled");
            }
            render.join(TimeUnit.SECONDS.toMillis(30));
            assertNull(renderFailure.get(), () -> "render thread failed: " + renderFailure.get());
            assertEquals(FRAMES / 64, refusedAllocations.get(), "every foreign allocation was refused");
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
                workers[t] = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < attempts; i++) {
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
                        unexpected.set(e);
                    }
                });
            }
            start.countDown();
            long sum = 0;
            for (int i = 0; i < 200_000; i++) { // the owner keeps allocating meanwhile
                sum += arena.allocateAddress(32, 16);
                if ((i & 1023) == 1023) {
                    arena.reset();
                }
            }
            for (Thread w : workers) {
                w.join();
            }
            assertNull(unexpected.get());
            assertEquals(threads * attempts, refused.get());
            assertTrue(slab.isLive(handle), "foreign frees did nothing");
            assertTrue(sum != 0);
        }
    }
}
