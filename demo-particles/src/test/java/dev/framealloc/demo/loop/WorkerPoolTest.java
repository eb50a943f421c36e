package dev.framealloc.demo.loop;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerPoolTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void runsEveryWorkerOnceWorkerZeroOnTheCallerAndTheRestOnTheirOwnThreads() {
        Thread[] ran = new Thread[3];
        int[] calls = new int[3];
        try (WorkerPool pool = new WorkerPool("test-worker", 3, i -> {
            ran[i] = Thread.currentThread();
            calls[i]++;
        })) {
            assertEquals(3, pool.workers());
            for (int r = 1; r <= 5; r++) {
                pool.run();
                assertEquals(r, calls[0]);
                assertEquals(r, calls[1]);
                assertEquals(r, calls[2]);
            }
            assertSame(Thread.currentThread(), ran[0]);
            assertSame(pool.thread(1), ran[1]);
            assertSame(pool.thread(2), ran[2]);
            assertEquals("test-worker-2", ran[2].getName());
        }
        assertFalse(ran[1].isAlive(), "close() ends the pool's threads");
    }

    /**
     * Thousands of runs with random delays on every worker: each run, the owner writes a token that every task must
     * see, and every task writes a result the owner checks after run() returns. A run() that returned before a task
     * finished, or a task that started before the owner's writes, fails.
     */
    @Test
    void everyRunSeesTheOwnersWritesAndReturnsAfterEveryTask() {
        int workers = 4;
        int runs = 3_000;
        long[] token = new long[1];
        long[] seen = new long[workers];
        long[] done = new long[workers];
        SplittableRandom[] randoms = new SplittableRandom[workers];
        for (int i = 0; i < workers; i++) {
            randoms[i] = new SplittableRandom(i);
        }
        try (WorkerPool pool = new WorkerPool("stress", workers, i -> {
            long t = token[0];
            int delay = randoms[i].nextInt(100);
            if (delay < 5) {
                LockSupport.parkNanos(randoms[i].nextInt(200_000)); // parked: the pool must still wait for it
            } else if (delay < 30) {
                Thread.yield();
            } else {
                for (int spin = randoms[i].nextInt(2_000); spin > 0; spin--) {
                    Thread.onSpinWait();
                }
            }
            seen[i] = t;
            done[i] = t * 31 + i;
        })) {
            for (int r = 1; r <= runs; r++) {
                token[0] = r;
                pool.run();
                for (int i = 0; i < workers; i++) {
                    assertEquals(r, seen[i], "worker " + i + " saw the token of run " + r);
                    assertEquals(r * 31L + i, done[i], "worker " + i + " finished run " + r);
                }
            }
        }
    }

    @Test
    void aFailingTaskFailsTheRunAfterTheOthersFinishAndThePoolKeepsWorking() {
        boolean[] fail = {true};
        int[] finished = new int[2];
        try (WorkerPool pool = new WorkerPool("failing", 2, i -> {
            if (i == 1 && fail[0]) {
                throw new IllegalStateException("worker 1 broke");
            }
            finished[i]++;
        })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, pool::run);
            assertEquals("worker 1 broke", e.getMessage());
            assertEquals(1, finished[0]);
            fail[0] = false;
            pool.run();
            assertEquals(2, finished[0]);
            assertEquals(1, finished[1]);
        }
    }

    @Test
    void onlyTheOwnerRunsAndClosesAndAClosedPoolRefusesToRun() throws Exception {
        WorkerPool pool = new WorkerPool("owned", 2, i -> { });
        Thread owner = Thread.currentThread();
        Throwable other = CompletableFuture.supplyAsync(() -> {
            try {
                pool.run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }).get();
        assertInstanceOf(WrongThreadException.class, other);
        assertEquals("WorkerPool.run() on thread '" + ((WrongThreadException) other).getMessage()
                .split("'")[1] + "': only its owner '" + owner.getName() + "' may run it", other.getMessage());
        pool.close();
        pool.close(); // idempotent
        assertEquals("WorkerPool.run() after close()",
                assertThrows(IllegalStateException.class, pool::run).getMessage());
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("workers=0 must be >= 1",
                assertThrows(IllegalArgumentException.class, () -> new WorkerPool("x", 0, i -> { })).getMessage());
        assertEquals("task=null",
                assertThrows(IllegalArgumentException.class, () -> new WorkerPool("x", 2, null)).getMessage());
        try (WorkerPool one = new WorkerPool("single", 1, i -> assertEquals(0, i))) {
            one.run(); // no threads: the owner does all the work
            assertEquals(1, one.workers());
        }
    }

    /** A run allocates nothing on the owner or on any worker: exactly 0 bytes once warm. */
    @Test
    @Tag("zero-garbage")
    void aRunAllocatesNothingOnAnyThreadOnceWarm() {
        long[] sink = new long[3];
        try (WorkerPool pool = new WorkerPool("quiet", 3, i -> sink[i] += i + 1)) {
            long owner = -1;
            long workers = -1;
            for (int window = 0; window < 100 && (owner != 0 || workers != 0); window++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                long workerBytes = 0;
                for (int r = 0; r < 2_000; r++) {
                    pool.run();
                    workerBytes += pool.heapBytes(1) + pool.heapBytes(2);
                }
                long ownerBytes = THREADS.getCurrentThreadAllocatedBytes() - before;
                if (window >= 10) { // past 20,000 runs: compiled
                    owner = ownerBytes;
                    workers = workerBytes;
                }
            }
            assertEquals(0, owner, "owner heap bytes in 2,000 runs");
            assertEquals(0, workers, "worker heap bytes in 2,000 runs");
            assertTrue(sink[2] > 0);
        }
    }

    /** The per-worker heap measurement sees what a task allocates. */
    @Test
    void measuresWhatAWorkersTaskAllocates() {
        Object[] keep = new Object[2];
        try (WorkerPool pool = new WorkerPool("alloc", 2, i -> keep[i] = new long[1000])) {
            pool.run();
            assertTrue(pool.heapBytes(1) >= 8000, "bytes=" + pool.heapBytes(1));
            assertEquals(0, pool.heapBytes(0), "worker 0 is the owner, which measures itself");
            assertNotEquals(null, keep[1]);
        }
    }
}
