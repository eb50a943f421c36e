package dev.framealloc.memory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worker arenas: claims, ownership, the frame rule, stats and caller memory. */
class FrameArenasWorkerTest {

    /** Runs {@code action} on a new platform thread with the given name and returns its result or throwable. */
    static Object onThread(String name, Supplier<Object> action) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name(name).start(() -> {
            try {
                result.set(action.get());
            } catch (Throwable e) {
                result.set(e);
            }
        });
        assertTrue(t.join(java.time.Duration.ofSeconds(30)), "thread " + name + " finished");
        return result.get();
    }

    static <T extends Throwable> T assertThrowsMessage(Class<T> type, String message, Object outcome) {
        assertTrue(type.isInstance(outcome), () -> "expected " + type.getSimpleName() + " but got " + outcome);
        T t = type.cast(outcome);
        assertEquals(message, t.getMessage());
        return t;
    }

    @Test
    void defaultsToNoWorkers() {
        try (FrameArenas frames = FrameArenas.create(2, 4096)) {
            assertEquals(0, frames.workerCount());
            frames.beginFrame();
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> frames.worker(0));
            assertEquals("worker index=0 not in [0, 0): frame arenas 'frame' have 0 workers", e.getMessage());
        }
    }

    @Test
    void rejectsBadWorkerCountsAndIndices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameArenas.builder().workers(-1));
        assertEquals("workers=-1 not in [0, 4096]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FrameArenas.builder().workers(4097));
        assertEquals("workers=4097 not in [0, 4096]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FrameArenas.builder().workerBlockSize(0));
        assertEquals("workerBlockSize=0 must be positive", e.getMessage());
        try (FrameArenas frames = FrameArenas.builder().name("w").workers(2).blockSize(4096).build()) {
            frames.beginFrame();
            IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class, () -> frames.worker(2));
            assertEquals("worker index=2 not in [0, 2): frame arenas 'w' have 2 workers", oob.getMessage());
            oob = assertThrows(IndexOutOfBoundsException.class, () -> frames.worker(-1));
            assertEquals("worker index=-1 not in [0, 2): frame arenas 'w' have 2 workers", oob.getMessage());
            oob = assertThrows(IndexOutOfBoundsException.class, () -> frames.workerUsedBytes(2));
            assertEquals("worker index=2 not in [0, 2): frame arenas 'w' have 2 workers", oob.getMessage());
        }
    }

    @Test
    void refusesWorkersBeforeTheFirstFrameAndAfterClose() throws Exception {
        FrameArenas frames = FrameArenas.builder().name("w").workers(1).blockSize(4096).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> frames.worker(0));
        assertEquals("no frame has begun in 'w': call beginFrame() before worker(0)", e.getMessage());
        assertThrowsMessage(IllegalStateException.class, "no frame has begun in 'w': call beginFrame() before worker(0)",
                onThread("job", () -> frames.worker(0)));
        frames.beginFrame();
        MemoryArena mine = frames.worker(0); // the failed attempts left no claim behind
        frames.close();
        assertThrowsMessage(IllegalStateException.class, "cannot use worker 0 of frame arenas 'w': they are closed",
                onThread("late", () -> frames.worker(0)));
        e = assertThrows(IllegalStateException.class, () -> mine.allocateAddress(8, 8));
        assertEquals("cannot allocate arena 'w[0].worker0': it is closed", e.getMessage());
    }

    @Test
    void theFirstThreadToAskOwnsTheWorkerUntilTheNextFrame() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().name("jobs").workers(2).blockSize(4096).build()) {
            frames.beginFrame();
            Object first = onThread("job-a", () -> {
                MemoryArena arena = frames.worker(1);
                arena.allocateAddress(100, 16);
                assertSame(arena, frames.worker(1), "same arena on a second call");
                return arena;
            });
            MemoryArena arena = (MemoryArena) first;
            assertEquals("jobs[0].worker1", arena.name());
            assertEquals("job-a", arena.owner().getName());
            long a = arena.owner().threadId();
            Object refused = onThread("job-b", () -> {
                try {
                    return frames.worker(1);
                } catch (WrongThreadException e) {
                    return new WrongThreadException(e.getMessage().replace(
                            "(id " + Thread.currentThread().threadId() + ")", "(id B)"));
                }
            });
            assertThrowsMessage(WrongThreadException.class, "worker 1 of frame arenas 'jobs' belongs to thread 'job-a'"
                    + " (id " + a + ") in frame 1, so thread 'job-b' (id B) cannot use it: the first thread to call"
                    + " worker(1) after beginFrame() owns it until the next beginFrame()", refused);
            WrongThreadException fromOwner = assertThrows(WrongThreadException.class, () -> frames.worker(1));
            assertEquals("worker 1 of frame arenas 'jobs' belongs to thread 'job-a' (id " + a + ") in frame 1, so"
                    + " thread '" + Thread.currentThread().getName() + "' (id " + Thread.currentThread().threadId()
                    + ") cannot use it: the first thread to call worker(1) after beginFrame() owns it until the next"
                    + " beginFrame()", fromOwner.getMessage());
            Object other = onThread("job-b", () -> frames.worker(0)); // another index is free
            assertEquals("jobs[0].worker0", ((MemoryArena) other).name());
            assertEquals(100, frames.workerUsedBytes(1));

            frames.beginFrame();
            Object next = onThread("job-b", () -> frames.worker(1)); // a new frame: anyone may claim index 1 again
            assertEquals("jobs[1].worker1", ((MemoryArena) next).name());
            assertEquals("job-b", ((MemoryArena) next).owner().getName());
        }
    }

    @Test
    void oneThreadMayOwnSeveralWorkers() {
        try (FrameArenas frames = FrameArenas.builder().workers(3).blockSize(4096).build()) {
            frames.beginFrame();
            MemoryArena a = frames.worker(0);
            MemoryArena b = frames.worker(2);
            assertNotSame(a, b);
            assertNotSame(frames.current(), a);
            long x = a.allocateAddress(64, 16);
            long y = b.allocateAddress(64, 16);
            assertTrue(x != y);
        }
    }

    @Test
    void onlyOneOfManyRacingThreadsClaimsAWorker() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().workers(1).blockSize(4096).build()) {
            for (int frame = 0; frame < 200; frame++) {
                frames.beginFrame();
                int racers = 4;
                CountDownLatch go = new CountDownLatch(1);
                @SuppressWarnings("unchecked")
                CompletableFuture<Object>[] results = new CompletableFuture[racers];
                for (int r = 0; r < racers; r++) {
                    CompletableFuture<Object> result = new CompletableFuture<>();
                    results[r] = result;
                    Thread.ofPlatform().start(() -> {
                        try {
                            go.await();
                            result.complete(frames.worker(0));
                        } catch (Throwable t) {
                            result.complete(t);
                        }
                    });
                }
                go.countDown();
                int owners = 0;
                int refused = 0;
                for (CompletableFuture<Object> result : results) {
                    Object outcome = result.get(30, TimeUnit.SECONDS);
                    if (outcome instanceof MemoryArena) {
                        owners++;
                    } else if (outcome instanceof WrongThreadException) {
                        refused++;
                    } else {
                        throw new AssertionError("unexpected outcome " + outcome);
                    }
                }
                assertEquals(1, owners, "frame " + frames.frameNumber());
                assertEquals(racers - 1, refused);
            }
        }
    }

    @Test
    void workerMemoryFollowsTheFrameRule() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).workers(1).blockSize(4096).build()) {
            frames.beginFrame();
            MemorySegment data = (MemorySegment) onThread("job", () -> {
                MemorySegment s = frames.worker(0).allocate(ValueLayout.JAVA_INT, 1);
                s.set(ValueLayout.JAVA_INT, 0, 0xF1);
                return s;
            });
            frames.beginFrame();
            onThread("job", () -> frames.worker(0).allocate(ValueLayout.JAVA_INT, 1));
            assertEquals(0xF1, data.get(ValueLayout.JAVA_INT, 0), "frame F's worker data is untouched in F+1");
            frames.beginFrame(); // frame 3 reuses frame 1's worker arena
            assertEquals(0, frames.workerUsedBytes(0), "reset");
            Object address = onThread("job", () -> frames.worker(0).allocateAddress(4, 4));
            assertEquals(data.address(), (long) (Long) address, "same memory, reused");
        }
    }

    @Test
    void aJobStillAllocatingAfterTheNextBeginFrameIsRefused() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().name("late").workers(1).blockSize(4096).build()) {
            frames.beginFrame();
            MemoryArena arena = (MemoryArena) onThread("job", () -> frames.worker(0));
            frames.beginFrame(); // the job should have been joined before this
            AtomicReference<Throwable> late = new AtomicReference<>();
            Thread job = Thread.ofPlatform().name("job").start(() -> {
                try {
                    arena.allocateAddress(8, 8);
                } catch (Throwable t) {
                    late.set(t);
                }
            });
            job.join();
            assertTrue(late.get() instanceof WrongThreadException, () -> "got " + late.get());
            assertEquals("cannot allocate arena 'late[0].worker0' from thread 'job': it is confined to its owner"
                    + " thread '" + Thread.currentThread().getName() + "'", late.get().getMessage());
        }
    }

    @Test
    void consolidatesAGrownWorkerArenaSoASteadyWorkloadStopsGrowing() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).workers(1).blockSize(1024).build()) {
            for (int frame = 1; frame <= 8; frame++) {
                frames.beginFrame();
                onThread("job", () -> {
                    MemoryArena arena = frames.worker(0);
                    for (int i = 0; i < 10; i++) {
                        arena.allocateAddress(500, 16); // 5,000 bytes: grows a 1 KiB arena
                    }
                    return null;
                });
            }
            frames.beginFrame();
            FrameStatsHistory h = frames.history();
            assertEquals(8, h.size());
            assertTrue(h.growthCount(0) > 0, "frame 1 grew");
            assertTrue(h.growthCount(1) > 0, "frame 2 (the other slot) grew");
            for (int i = 2; i < 8; i++) {
                assertEquals(0, h.growthCount(i), "frame " + h.frameNumber(i) + " runs in the consolidated block");
            }
            long growth = frames.growthCount();
            for (int frame = 0; frame < 4; frame++) {
                onThread("job", () -> {
                    MemoryArena arena = frames.worker(0);
                    for (int i = 0; i < 10; i++) {
                        arena.allocateAddress(500, 16);
                    }
                    return null;
                });
                frames.beginFrame();
            }
            assertEquals(growth, frames.growthCount(), "no growth once consolidated");
        }
    }

    @Test
    void growthCountSumsTheMainAndWorkerArenas() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).workers(1).blockSize(1024).build()) {
            frames.beginFrame().allocateAddress(3000, 16); // grows the main arena
            long workerGrowth = (Long) onThread("job", () -> {
                MemoryArena worker = frames.worker(0);
                worker.allocateAddress(3000, 16); // grows the worker arena, twice
                worker.allocateAddress(3000, 16);
                return worker.growthCount();
            });
            long mainGrowth = frames.current().growthCount();
            assertTrue(mainGrowth > 0 && workerGrowth > mainGrowth, "main " + mainGrowth + ", worker " + workerGrowth);
            assertEquals(mainGrowth + workerGrowth, frames.growthCount());
        }
    }

    @Test
    void historyAndTotalsIncludeTheWorkers() throws Exception {
        try (FrameArenas frames = FrameArenas.builder().name("sum").frameCount(2).workers(2).blockSize(4096).build()) {
            assertEquals(2 * 3 * 4096, frames.capacityBytes(), "2 slots x (main + 2 workers)");
            assertEquals(2, frames.workerCount());
            MemoryArena main = frames.beginFrame();
            main.allocateAddress(100, 4);
            onThread("a", () -> frames.worker(0).allocateAddress(200, 4));
            onThread("b", () -> {
                frames.worker(1).allocateAddress(300, 4);
                return frames.worker(1).allocateAddress(400, 4);
            });
            assertEquals(1000, frames.usedBytes());
            assertEquals(4, frames.allocationCount());
            assertEquals(200, frames.workerUsedBytes(0));
            assertEquals(700, frames.workerUsedBytes(1));
            frames.beginFrame().allocateAddress(50, 4);
            assertEquals(1000, frames.peakBytes());
            frames.beginFrame();
            FrameStatsHistory h = frames.history();
            assertEquals(2, h.size());
            assertEquals(2, h.workerCount());
            assertEquals(1000, h.usedBytes(0));
            assertEquals(900, h.workerBytes(0));
            assertEquals(200, h.workerUsedBytes(0, 0));
            assertEquals(700, h.workerUsedBytes(0, 1));
            assertEquals(1000, h.peakBytes(0));
            assertEquals(4, h.allocationCount(0));
            assertEquals(0, h.waitNanos(0));
            assertEquals(50, h.usedBytes(1));
            assertEquals(0, h.workerBytes(1));
            assertEquals(0, h.workerUsedBytes(1, 1));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> h.workerUsedBytes(0, 2));
            assertEquals("worker=2 not in [0, 2)", e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> h.workerUsedBytes(2, 0));
            assertEquals("index=2 not in [0, 2)", e.getMessage());
        }
    }

    @Test
    void workersAllocateFromCallerRegionsOnePerFrame() throws Exception {
        try (Arena owner = Arena.ofConfined()) {
            MemorySegment mapped = owner.allocate(6 * 1024, 64); // 3 frames x (main 1 KiB + worker 1 KiB)
            MemorySegment[] main = new MemorySegment[3];
            MemorySegment[] worker = new MemorySegment[3];
            for (int f = 0; f < 3; f++) {
                main[f] = mapped.asSlice(f * 2048L, 1024);
                worker[f] = mapped.asSlice(f * 2048L + 1024, 1024);
            }
            try (FrameArenas frames = FrameArenas.builder().frameMemory(main).workers(2).workerFrameMemory(1, worker)
                    .blockSize(4096).build()) {
                assertEquals(3 * 1024 + 3 * 1024 + 3 * 4096, frames.capacityBytes(), "worker 0 reserves its own blocks");
                for (int frame = 0; frame < 6; frame++) {
                    frames.beginFrame();
                    Object address = onThread("job", () -> frames.worker(1).allocateAddress(512, 16));
                    assertEquals(worker[frame % 3].address(), (long) (Long) address);
                }
                frames.beginFrame();
                Object full = onThread("job", () -> frames.worker(1).allocateAddress(1025, 16));
                assertTrue(full instanceof ArenaExhaustedException, () -> "got " + full);
                assertTrue(((Throwable) full).getMessage().startsWith("arena 'frame[0].worker1' exhausted: requested=1025"),
                        ((Throwable) full).getMessage());
                assertTrue(((Throwable) full).getMessage().endsWith("(the arena's memory is fixed (caller-provided))"),
                        ((Throwable) full).getMessage());
            }
        }
    }

    @Test
    void rejectsWorkerMemoryThatDoesNotMatchTheFrames() {
        try (Arena owner = Arena.ofConfined()) {
            MemorySegment r = owner.allocate(1024);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FrameArenas.builder().workerFrameMemory(-1, r, r));
            assertEquals("worker=-1 not in [0, 4096)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> FrameArenas.builder().workerFrameMemory(0));
            assertEquals("regions=0 regions: need one per frame in flight", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> FrameArenas.builder().workerFrameMemory(0, r, MemorySegment.ofArray(new byte[4])));
            assertTrue(e.getMessage().startsWith("regions[1]="), e.getMessage());
            assertTrue(e.getMessage().endsWith(" must be a non-empty native segment"), e.getMessage());
            int open = MemoryArena.openCount();
            e = assertThrows(IllegalArgumentException.class,
                    () -> FrameArenas.builder().workers(1).workerFrameMemory(1, r, r).build());
            assertEquals("workerFrameMemory(worker=1) but workers=1: worker must be in [0, 1)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> FrameArenas.builder().frameCount(3).workers(1).workerFrameMemory(0, r, r).build());
            assertEquals("workerFrameMemory(worker=0) has 2 regions but frameCount=3: give one region per frame slot",
                    e.getMessage());
            assertTrue(MemoryArena.openCount() <= open, "nothing was reserved");
        }
    }

    @Test
    void aFailedBuildClosesTheArenasAlreadyBuilt() {
        int open = MemoryArena.openCount();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameArenas.builder()
                .blockSize(1024).maxBytes(4096).workers(2).workerBlockSize(8192).build());
        assertEquals("blockSize=8192 exceeds maxBytes=4096", e.getMessage());
        assertTrue(MemoryArena.openCount() <= open, "the main arena built first was closed");
    }

    @Test
    @Tag("zero-garbage")
    @org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS)
    void claimingAndAllocatingAWorkerArenaAllocatesNothingOnEitherThread() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).workers(1).blockSize(1 << 16).checked(false)
                .build()) {
            // Frame hand-off by spinning on one counter: the owner begins frame f and sets it; the job claims
            // worker 0, allocates, and sets -f when done.
            java.util.concurrent.atomic.AtomicLong turn = new java.util.concurrent.atomic.AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread job = Thread.ofPlatform().name("job").start(() -> {
                try {
                    for (long f; (f = turn.get()) != Long.MIN_VALUE; ) {
                        if (f <= 0) {
                            Thread.yield();
                            continue;
                        }
                        MemoryArena arena = frames.worker(0);
                        for (int i = 0; i < 64; i++) {
                            arena.allocateAddress(48, 16);
                        }
                        turn.set(-f);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            long window = -1;
            long jobWindow = -1;
            int zeroWindows = 0;
            for (int round = 0; round < 300 && zeroWindows < 3 && failure.get() == null; round++) {
                long jobBefore = threads.getThreadAllocatedBytes(job.threadId());
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 200; i++) {
                    frames.beginFrame().allocateAddress(64, 16);
                    long f = frames.frameNumber();
                    turn.set(f);
                    while (turn.get() != -f && failure.get() == null) {
                        Thread.yield();
                    }
                }
                window = threads.getCurrentThreadAllocatedBytes() - before;
                jobWindow = threads.getThreadAllocatedBytes(job.threadId()) - jobBefore;
                zeroWindows = window == 0 && jobWindow == 0 ? zeroWindows + 1 : 0;
            }
            turn.set(Long.MIN_VALUE);
            job.join();
            assertNull(failure.get(), () -> "job failed: " + failure.get());
            assertEquals(0, window, "owner: heap bytes of 200 frames (beginFrame, hand-off)");
            assertEquals(0, jobWindow, "job: heap bytes of 200 worker(0) claims and 12,800 allocations");
            assertEquals(64 * 48, frames.history().workerUsedBytes(frames.history().size() - 1, 0));
        }
    }

    @Test
    void closesWorkerArenasOwnedByJobThreads() throws Exception {
        FrameArenas frames = FrameArenas.builder().workers(2).blockSize(4096).build();
        frames.beginFrame();
        MemoryArena a = (MemoryArena) onThread("job", () -> frames.worker(0));
        frames.close();
        assertTrue(a.isClosed());
        assertTrue(frames.isClosed());
        assertNull(onThread("other", () -> {
            frames.close(); // idempotent on any thread
            return null;
        }));
    }
}
