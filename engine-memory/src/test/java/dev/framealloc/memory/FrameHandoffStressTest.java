package dev.framealloc.memory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The threaded frame loop under random delays: an update thread owns the frame arenas, two worker threads fill
 * each frame's worker arenas with checksummed data, and a consumer thread (a render thread) holds frames, verifies
 * them, sleeps, verifies again and releases them. Some frames are held by the update thread before it hands them
 * over (the consumer releases those); the others the consumer holds itself, taking the newest frame, which may no
 * longer be live by then. Any byte of a held frame changing fails the test at once with the frame, worker, chunk and
 * word; a failure on any thread stops all of them.
 */
class FrameHandoffStressTest {
    private static final int FRAMES = 5_000;
    private static final int WORKERS = 2;
    private static final long MAGIC = 0x4652414D45484452L;
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** A frame ready to read: its number and the address of its descriptor in the main arena. */
    record Published(long frame, long descriptor) {}

    @ParameterizedTest(name = "frameCount={0}")
    @ValueSource(ints = {2, 3})
    void heldFramesAreNeverReusedUnderTheirReaders(int frameCount) throws Exception {
        long seed = System.nanoTime();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Published> latest = new AtomicReference<>();
        ConcurrentLinkedQueue<Published> handedOff = new ConcurrentLinkedQueue<>();
        AtomicLong verified = new AtomicLong();
        AtomicLong missed = new AtomicLong();
        AtomicLong waitedFrames = new AtomicLong();
        AtomicLong handedOffCount = new AtomicLong();
        AtomicLong descriptor = new AtomicLong(); // this frame's descriptor, published to the workers by the phaser
        AtomicReference<FrameArenas> shared = new AtomicReference<>();
        CountDownLatch built = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Phaser frame = new Phaser(1 + WORKERS); // phase 2k: frame begun; phase 2k + 1: workers done
        Thread[] threads = new Thread[2 + WORKERS];

        threads[0] = Thread.ofPlatform().name("update").start(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            try (FrameArenas frames = FrameArenas.builder().name("stress").frameCount(frameCount).workers(WORKERS)
                    .blockSize(64 * 1024).holdTimeout(Duration.ofSeconds(10)).checked(false).build()) {
                shared.set(frames);
                built.countDown();
                for (int f = 1; f <= FRAMES && failure.get() == null; f++) {
                    delay(random);
                    MemoryArena main = frames.beginFrame();
                    if (frames.waitNanos() > 0) {
                        waitedFrames.incrementAndGet();
                    }
                    long d = main.allocateAddress(8 * (1 + WORKERS), 8);
                    ALL.set(ValueLayout.JAVA_LONG, d, frames.frameNumber());
                    descriptor.set(d);
                    if (frame.arriveAndAwaitAdvance() < 0 || frame.arriveAndAwaitAdvance() < 0) {
                        break; // a worker failed
                    }
                    // The workers are joined: their headers are in the descriptor slots they wrote.
                    Published p = new Published(frames.frameNumber(), d);
                    if (random.nextInt(4) == 0) {
                        frames.hold(p.frame());          // held for the consumer, which releases it
                        handedOff.add(p);
                        handedOffCount.incrementAndGet();
                    }
                    latest.set(p);
                }
                frame.forceTermination();
                finished.countDown();
                threads[1].join();                       // the consumer releases every hold before it ends
            } catch (Throwable t) {
                fail(failure, t, frame);
            }
        });

        threads[1] = Thread.ofPlatform().name("consumer").start(() -> {
            SplittableRandom random = new SplittableRandom(seed + 1);
            long lastSeen = 0;
            try {
                built.await();
                FrameArenas frames = shared.get();
                while (failure.get() == null) {
                    Published pre;
                    while ((pre = handedOff.poll()) != null) {
                        readHeld(frames, pre, random);   // held by the update thread
                        verified.incrementAndGet();
                    }
                    Published p = latest.get();
                    if (p == null || p.frame() == lastSeen) {
                        if (finished.getCount() == 0 && handedOff.isEmpty()) {
                            break;
                        }
                        Thread.yield();
                        continue;
                    }
                    lastSeen = p.frame();
                    try {
                        frames.hold(p.frame());
                    } catch (IllegalStateException notLive) {
                        String expected = "cannot hold frame " + p.frame() + " of frame arenas 'stress': frame "
                                + p.frame() + " is not live: live frames are [";
                        if (!notLive.getMessage().startsWith(expected)) {
                            throw notLive;
                        }
                        missed.incrementAndGet(); // reused before we got to it: allowed, it was not held
                        continue;
                    }
                    readHeld(frames, p, random);
                    verified.incrementAndGet();
                }
            } catch (Throwable t) {
                fail(failure, t, frame);
                Published pre;
                while ((pre = handedOff.poll()) != null) {
                    shared.get().release(pre.frame()); // let the update thread finish
                }
            }
        });

        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            threads[2 + w] = Thread.ofPlatform().name("worker-" + w).start(() -> {
                SplittableRandom random = new SplittableRandom(seed + 2 + worker);
                try {
                    built.await();
                    FrameArenas frames = shared.get();
                    while (frame.arriveAndAwaitAdvance() >= 0) {
                        delay(random);
                        writeWorkerData(frames, descriptor.get(), worker, random);
                        if (frame.arriveAndAwaitAdvance() < 0) {
                            break;
                        }
                    }
                } catch (Throwable t) {
                    fail(failure, t, frame);
                }
            });
        }

        // Wait for the end, but stop at the first failure on any thread rather than at a timeout.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (Thread t : threads) {
            while (t.isAlive() && failure.get() == null) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("stress test still running after 120 s: " + t.getName() + " is "
                            + t.getState());
                }
                t.join(10);
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("frameCount=" + frameCount + " seed=" + seed + ": " + failure.get().getMessage(),
                    failure.get());
        }
        System.out.printf("FrameHandoffStressTest frameCount=%d: %,d frames, %,d held and verified twice by the"
                        + " consumer (%,d handed off held), %,d no longer live when it looked, %,d beginFrame() calls"
                        + " waited for a hold (seed %d)%n", frameCount, FRAMES, verified.get(), handedOffCount.get(),
                missed.get(), waitedFrames.get(), seed);
        assertTrue(verified.get() > 0, "the consumer verified frames");
        assertTrue(waitedFrames.get() > 0, "holds made beginFrame() wait");
    }

    /** Verifies a held frame, sleeps a random while, verifies it again and releases the hold. */
    private static void readHeld(FrameArenas frames, Published p, SplittableRandom random) {
        verifyFrame(p, "after hold");
        LockSupport.parkNanos(random.nextLong(500_000));
        verifyFrame(p, "after a sleep under the hold");
        frames.release(p.frame());
    }

    /** A job: fills worker {@code worker}'s arena with 1 to 8 chunks of checksummed data and records its header. */
    private static void writeWorkerData(FrameArenas frames, long descriptor, int worker, SplittableRandom random) {
        MemoryArena arena = frames.worker(worker);
        long frameNumber = frames.frameNumber();
        int chunks = 1 + random.nextInt(8);
        long header = arena.allocateAddress(32 + 24L * chunks, 8);
        ALL.set(ValueLayout.JAVA_LONG, header, MAGIC);
        ALL.set(ValueLayout.JAVA_LONG, header + 8, frameNumber);
        ALL.set(ValueLayout.JAVA_LONG, header + 16, worker);
        ALL.set(ValueLayout.JAVA_LONG, header + 24, chunks);
        for (int c = 0; c < chunks; c++) {
            long words = 1 + random.nextInt(512);
            long address = arena.allocateAddress(words * 8, 8 << random.nextInt(4));
            SplittableRandom data = new SplittableRandom(chunkSeed(frameNumber, worker, c));
            long checksum = 0;
            for (long k = 0; k < words; k++) {
                long value = data.nextLong();
                ALL.set(ValueLayout.JAVA_LONG, address + 8 * k, value);
                checksum = checksum * 31 + value;
            }
            long entry = header + 32 + 24L * c;
            ALL.set(ValueLayout.JAVA_LONG, entry, address);
            ALL.set(ValueLayout.JAVA_LONG, entry + 8, words);
            ALL.set(ValueLayout.JAVA_LONG, entry + 16, checksum);
            if (random.nextInt(16) == 0) {
                Thread.yield();
            }
        }
        ALL.set(ValueLayout.JAVA_LONG, descriptor + 8 * (1 + worker), header); // read after the phaser join
    }

    private static long chunkSeed(long frameNumber, int worker, int chunk) {
        return frameNumber * 0x9E3779B97F4A7C15L + worker * 0xC2B2AE3D27D4EB4FL + chunk;
    }

    /** Checks every word and checksum of the frame against what the workers must have written. */
    private static void verifyFrame(Published p, String when) {
        long frameNumber = p.frame();
        long stored = ALL.get(ValueLayout.JAVA_LONG, p.descriptor());
        if (stored != frameNumber) {
            throw new AssertionError("frame " + frameNumber + " changed " + when + ": its descriptor names frame " + stored);
        }
        for (int w = 0; w < WORKERS; w++) {
            long header = ALL.get(ValueLayout.JAVA_LONG, p.descriptor() + 8 * (1 + w));
            if (ALL.get(ValueLayout.JAVA_LONG, header) != MAGIC || ALL.get(ValueLayout.JAVA_LONG, header + 8) != frameNumber
                    || ALL.get(ValueLayout.JAVA_LONG, header + 16) != w) {
                throw new AssertionError("frame " + frameNumber + " changed " + when + ": worker " + w + "'s header"
                        + " reads magic=" + Long.toHexString(ALL.get(ValueLayout.JAVA_LONG, header)) + " frame="
                        + ALL.get(ValueLayout.JAVA_LONG, header + 8) + " worker=" + ALL.get(ValueLayout.JAVA_LONG, header + 16));
            }
            long chunks = ALL.get(ValueLayout.JAVA_LONG, header + 24);
            for (int c = 0; c < chunks; c++) {
                long entry = header + 32 + 24L * c;
                long address = ALL.get(ValueLayout.JAVA_LONG, entry);
                long words = ALL.get(ValueLayout.JAVA_LONG, entry + 8);
                long expectedSum = ALL.get(ValueLayout.JAVA_LONG, entry + 16);
                SplittableRandom data = new SplittableRandom(chunkSeed(frameNumber, w, c));
                long checksum = 0;
                for (long k = 0; k < words; k++) {
                    long expected = data.nextLong();
                    long value = ALL.get(ValueLayout.JAVA_LONG, address + 8 * k);
                    if (value != expected) {
                        throw new AssertionError("frame " + frameNumber + " changed " + when + ": worker " + w
                                + " chunk " + c + " word " + k + " reads " + value + ", expected " + expected);
                    }
                    checksum = checksum * 31 + value;
                }
                if (checksum != expectedSum) {
                    throw new AssertionError("frame " + frameNumber + " changed " + when + ": worker " + w + " chunk "
                            + c + " checksum " + checksum + ", written " + expectedSum);
                }
            }
        }
    }

    private static void delay(SplittableRandom random) {
        switch (random.nextInt(8)) {
            case 0 -> Thread.yield();
            case 1 -> LockSupport.parkNanos(random.nextLong(200_000));
            default -> { }
        }
    }

    private static void fail(AtomicReference<Throwable> failure, Throwable t, Phaser frame) {
        failure.compareAndSet(null, t);
        frame.forceTermination();
    }
}
