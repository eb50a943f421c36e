package dev.framealloc.memory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static dev.framealloc.memory.FrameArenasWorkerTest.assertThrowsMessage;
import static dev.framealloc.memory.FrameArenasWorkerTest.onThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Holds: counting, liveness, the wait in beginFrame, its timeout, and that waiting allocates nothing. */
class FrameArenasHoldTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void countsHoldsAndReleasesFromAnyThread() throws Exception {
        try (FrameArenas frames = FrameArenas.create(2, 4096)) {
            frames.beginFrame();
            assertEquals(0, frames.holdCount(1));
            frames.hold(1);
            frames.hold(1);
            assertNull(onThread("render", () -> {
                frames.hold(1);
                return null;
            }));
            assertEquals(3, frames.holdCount(1));
            assertNull(onThread("render", () -> {
                frames.release(1); // a release need not come from the thread that held
                return null;
            }));
            frames.release(1);
            assertEquals(1, frames.holdCount(1));
            frames.release(1);
            assertEquals(0, frames.holdCount(1));
        }
    }

    @Test
    void refusesAReleaseWithoutAHold() {
        try (FrameArenas frames = FrameArenas.builder().name("r").build()) {
            frames.beginFrame();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> frames.release(1));
            assertEquals("release(1) without a matching hold in frame arenas 'r': frame 1 has 0 holds", e.getMessage());
            frames.hold(1);
            frames.release(1);
            e = assertThrows(IllegalStateException.class, () -> frames.release(1));
            assertEquals("release(1) without a matching hold in frame arenas 'r': frame 1 has 0 holds", e.getMessage());
            assertEquals(0, frames.holdCount(1), "the refused release changed nothing");
            e = assertThrows(IllegalStateException.class, () -> frames.release(2));
            assertEquals("release(2) without a matching hold in frame arenas 'r': frame 2 is not live: live frames are"
                    + " [1, 1]", e.getMessage());
        }
    }

    @Test
    void refusesToHoldAFrameThatIsNotLive() {
        FrameArenas frames = FrameArenas.builder().name("h").frameCount(3).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> frames.hold(1));
        assertEquals("cannot hold frame 1 of frame arenas 'h': frame 1 is not live: no frame has begun", e.getMessage());
        for (int i = 0; i < 5; i++) {
            frames.beginFrame();
        }
        e = assertThrows(IllegalStateException.class, () -> frames.hold(2));
        assertEquals("cannot hold frame 2 of frame arenas 'h': frame 2 is not live: live frames are [3, 5]", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> frames.hold(6));
        assertEquals("cannot hold frame 6 of frame arenas 'h': frame 6 is not live: live frames are [3, 5]", e.getMessage());
        assertFalse(frames.isLive(2));
        assertTrue(frames.isLive(3));
        assertTrue(frames.isLive(5));
        assertFalse(frames.isLive(6));
        assertEquals(0, frames.holdCount(2));
        frames.hold(3); // the oldest live frame
        frames.release(3);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> frames.hold(0));
        assertEquals("frameNumber=0 must be >= 1", bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> frames.release(-4));
        assertEquals("frameNumber=-4 must be >= 1", bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> frames.isLive(0));
        assertEquals("frameNumber=0 must be >= 1", bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> frames.holdCount(0));
        assertEquals("frameNumber=0 must be >= 1", bad.getMessage());
        frames.close();
        e = assertThrows(IllegalStateException.class, () -> frames.hold(5));
        assertEquals("cannot hold frame 5 of frame arenas 'h': frame 5 is not live: the frame arenas are closed",
                e.getMessage());
        assertFalse(frames.isLive(5));
    }

    @Test
    void rejectsBadHoldTimeouts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameArenas.builder().holdTimeout(Duration.ofMillis(-1)));
        assertEquals("holdTimeout=PT-0.001S must be >= 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FrameArenas.builder().holdTimeout(null));
        assertEquals("holdTimeout=null must be >= 0", e.getMessage());
        try (FrameArenas frames = FrameArenas.create(2, 4096)) {
            assertEquals(Duration.ofSeconds(10), frames.holdTimeout(), "the default");
        }
    }

    @Test
    void beginFrameTimesOutOnAHeldFrameAndChangesNothing() {
        try (FrameArenas frames = FrameArenas.builder().name("t").frameCount(2).blockSize(4096)
                .holdTimeout(Duration.ofMillis(50)).build()) {
            MemorySegment data = frames.beginFrame().allocate(ValueLayout.JAVA_LONG, 1);
            data.set(ValueLayout.JAVA_LONG, 0, 42);
            frames.beginFrame().allocateAddress(24, 8);
            frames.hold(1);
            frames.hold(1);
            long historySize = frames.history().size();
            MemoryArena current = frames.current();
            IllegalStateException e = assertThrows(IllegalStateException.class, frames::beginFrame);
            assertEquals("beginFrame() of frame 3 in frame arenas 't' would reuse the memory of frame 1, which still"
                    + " has 2 holds after holdTimeout=PT0.05S; each hold(1) needs a release(1); nothing changed: the"
                    + " frame number stays 2 and no memory was reset", e.getMessage());
            assertEquals(2, frames.frameNumber());
            assertSame(current, frames.current());
            assertEquals(24, current.usedBytes(), "the current frame was not touched");
            assertEquals(42, data.get(ValueLayout.JAVA_LONG, 0), "the held frame was not reset");
            assertEquals(historySize, frames.history().size(), "nothing recorded");
            assertTrue(frames.isLive(1));
            assertEquals(2, frames.holdCount(1));

            frames.release(1);
            frames.release(1);
            assertSame(frames.arena(1), frames.beginFrame(), "the retry reuses frame 1's arena");
            assertEquals(3, frames.frameNumber());
            assertEquals(2, frames.history().size());
            assertEquals(2, frames.history().frameNumber(1), "frame 2 was recorded once");
        }
    }

    @Test
    void aTimeoutTooLongForNanosecondsWaitsForTheRelease() throws Exception {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        try (FrameArenas frames = FrameArenas.builder().name("f").frameCount(2).holdTimeout(forever).build()) {
            assertEquals(forever, frames.holdTimeout());
            frames.beginFrame();
            frames.beginFrame();
            frames.hold(1);
            Thread releaser = Thread.ofPlatform().name("releaser").start(() -> {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                frames.release(1);
            });
            frames.beginFrame(); // waits: the timeout saturates at Long.MAX_VALUE nanoseconds instead of overflowing
            releaser.join();
            assertEquals(3, frames.frameNumber());
            assertFalse(frames.isLive(1), "frame 1 was reused");
        }
    }

    @Test
    void aFrameTakesAtMostMaxHoldsHolds() {
        try (FrameArenas frames = FrameArenas.builder().name("m").frameCount(2).build()) {
            frames.beginFrame();
            for (int i = 0; i < FrameArenas.MAX_HOLDS; i++) {
                frames.hold(1);
            }
            assertEquals(FrameArenas.MAX_HOLDS, frames.holdCount(1));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> frames.hold(1));
            assertEquals("cannot hold frame 1 of frame arenas 'm': it already has 1048575 holds, the maximum",
                    e.getMessage());
            assertEquals(FrameArenas.MAX_HOLDS, frames.holdCount(1), "the refused hold changed nothing");
            frames.release(1);
            frames.hold(1); // room for one again
            for (int i = 0; i < FrameArenas.MAX_HOLDS; i++) {
                frames.release(1);
            }
            assertEquals(0, frames.holdCount(1));
        }
    }

    @Test
    void aZeroTimeoutFailsAtOnce() {
        try (FrameArenas frames = FrameArenas.builder().name("z").holdTimeout(Duration.ZERO).build()) {
            frames.beginFrame();
            frames.beginFrame();
            frames.hold(1);
            IllegalStateException e = assertThrows(IllegalStateException.class, frames::beginFrame);
            assertEquals("beginFrame() of frame 3 in frame arenas 'z' would reuse the memory of frame 1, which still"
                    + " has 1 hold after holdTimeout=PT0S; each hold(1) needs a release(1); nothing changed: the frame"
                    + " number stays 2 and no memory was reset", e.getMessage());
            frames.hold(2); // a held frame that is not being reused does not block
            frames.release(1);
            frames.beginFrame();
            assertEquals(1, frames.holdCount(2));
            frames.release(2);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void beginFrameWaitsUntilTheLastHoldIsReleased() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).blockSize(4096).build()) {
            MemorySegment data = frames.beginFrame().allocate(ValueLayout.JAVA_LONG, 1);
            data.set(ValueLayout.JAVA_LONG, 0, 7);
            frames.beginFrame();
            frames.hold(1);
            frames.hold(1);
            AtomicLong readAfterWait = new AtomicLong();
            Thread owner = Thread.currentThread();
            Thread render = Thread.ofPlatform().name("render").start(() -> {
                awaitParkedIn(owner, frames);
                frames.release(1);
                awaitParkedIn(owner, frames); // one hold left: the owner parks again
                readAfterWait.set(data.get(ValueLayout.JAVA_LONG, 0));
                frames.release(1);
            });
            long start = System.nanoTime();
            frames.beginFrame();
            long waited = System.nanoTime() - start;
            render.join();
            assertEquals(7, readAfterWait.get(), "memory was not reused while held");
            assertEquals(3, frames.frameNumber());
            assertTrue(frames.waitNanos() > 0 && frames.waitNanos() <= waited,
                    "waitNanos=" + frames.waitNanos() + " waited=" + waited);
            frames.beginFrame();
            FrameStatsHistory h = frames.history();
            assertEquals(3, h.frameNumber(h.size() - 1));
            assertEquals(frames.history().waitNanos(h.size() - 1), h.waitNanos(2));
            assertTrue(h.waitNanos(2) > 0, "the wait is recorded for frame 3");
            assertEquals(0, h.waitNanos(1));
            assertEquals(0, frames.waitNanos(), "frame 4's beginFrame did not wait");
        }
    }

    @Test
    void closeTimesOutOnAHeldFrameWithoutClosing() {
        FrameArenas frames = FrameArenas.builder().name("c").frameCount(3).holdTimeout(Duration.ofMillis(30)).build();
        frames.beginFrame();
        MemoryArena second = frames.beginFrame();
        frames.hold(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, frames::close);
        assertEquals("close() of frame arenas 'c' would free the memory of frame 2, which still has 1 hold after"
                + " holdTimeout=PT0.03S; each hold(2) needs a release(2); nothing was closed", e.getMessage());
        assertFalse(frames.isClosed());
        assertFalse(second.isClosed());
        assertTrue(frames.isLive(1), "frame 1's state was restored");
        assertTrue(frames.isLive(2));
        frames.hold(1);
        frames.release(1);
        frames.release(2);
        frames.close();
        assertTrue(second.isClosed());
        assertFalse(frames.isLive(2));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closeWaitsUntilTheLastHoldIsReleased() throws Exception {
        FrameArenas frames = FrameArenas.builder().frameCount(2).build();
        MemorySegment data = frames.beginFrame().allocate(ValueLayout.JAVA_LONG, 1);
        data.set(ValueLayout.JAVA_LONG, 0, 9);
        frames.hold(1);
        Thread owner = Thread.currentThread();
        AtomicLong read = new AtomicLong();
        Thread render = Thread.ofPlatform().name("render").start(() -> {
            awaitParkedIn(owner, frames);
            read.set(data.get(ValueLayout.JAVA_LONG, 0)); // still allocated while close() waits
            frames.release(1);
        });
        frames.close();
        render.join();
        assertEquals(9, read.get());
        assertTrue(frames.isClosed());
    }

    /** Spins until {@code thread} is parked with {@code blocker}, as beginFrame() and close() park on holds. */
    static void awaitParkedIn(Thread thread, Object blocker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (LockSupport.getBlocker(thread) != blocker) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " never parked on " + blocker);
            }
            Thread.yield();
        }
    }

    @Test
    @Tag("zero-garbage")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void waitingForAHoldAllocatesNothing() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).blockSize(4096).checked(false).build()) {
            frames.beginFrame();
            // A consumer holds the frame it is asked for and releases it only once the owner is parked in
            // beginFrame() on it, so every second beginFrame() below spins, yields and parks before it returns.
            Thread owner = Thread.currentThread();
            AtomicLong toHold = new AtomicLong(-1); // > 0: hold that frame; 0: stop; -1: idle
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
                try {
                    for (long f; (f = toHold.get()) != 0; ) {
                        if (f < 0) {
                            Thread.yield();
                            continue;
                        }
                        frames.hold(f);
                        toHold.set(-1);
                        awaitParkedIn(owner, frames);
                        frames.release(f);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            long window = -1;
            long consumerWindow = -1;
            int zeroWindows = 0;
            int round = 0;
            for (; round < 300 && zeroWindows < 3 && failure.get() == null; round++) {
                long consumerBefore = THREADS.getThreadAllocatedBytes(consumer.threadId());
                long before = THREADS.getCurrentThreadAllocatedBytes();
                long waited = 0;
                for (int i = 0; i < 50; i++) {
                    long f = frames.frameNumber();
                    toHold.set(f);
                    while (toHold.get() == f) {
                        Thread.yield();
                    }
                    frames.beginFrame();       // reuses frame f - 1: no wait
                    frames.beginFrame();       // reuses frame f: parks until the consumer releases it
                    waited += frames.waitNanos() > 0 ? 1 : 0;
                }
                window = THREADS.getCurrentThreadAllocatedBytes() - before;
                consumerWindow = THREADS.getThreadAllocatedBytes(consumer.threadId()) - consumerBefore;
                assertEquals(50, waited, "every second beginFrame() waited");
                zeroWindows = window == 0 && consumerWindow == 0 ? zeroWindows + 1 : 0;
            }
            toHold.set(0);
            consumer.join();
            System.out.println("waitingForAHoldAllocatesNothing: " + round + " windows of 50 waits until 3 in a row"
                    + " allocated 0 bytes on both threads");
            assertNull(failure.get(), () -> "consumer failed: " + failure.get());
            assertEquals(3, zeroWindows, "windows in a row that allocated nothing (last: owner " + window
                    + " B, consumer " + consumerWindow + " B)");
            assertEquals(0, window, "heap bytes of 100 beginFrame() calls, 50 of which parked on a hold");
            assertEquals(0, consumerWindow, "heap bytes of 50 hold/release pairs");
        }
    }
}
