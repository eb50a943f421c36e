package dev.framealloc.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The split walk from worker threads: each round the owner churns (frees, allocates, sometimes reserves a new slab,
 * which replaces the bitmaps), then K workers walk K ranges of {@code [0, slotLimit())} with random delays while
 * the owner waits, bumping a counter in every slot they visit. Every live slot must be visited exactly once per
 * round, and nothing else; a slot's counter is its birth round plus its visits.
 */
class SlabWalkThreadsTest {
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final int WORKERS = 3;
    private static final int ROUNDS = 150;
    private static final long TIMEOUT_S = 60;

    @Test
    void workersWalkingSplitRangesVisitEveryLiveSlotOnce() throws Exception {
        try (SlabAllocator slab = SlabAllocator.builder().slotSize(32).slotsPerSlab(256).checked(false).build()) {
            List<Long> live = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(11);
            CyclicBarrier start = new CyclicBarrier(WORKERS + 1);
            CyclicBarrier done = new CyclicBarrier(WORKERS + 1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            int[] visitedPerWorker = new int[WORKERS];
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                Thread t = new Thread(() -> {
                    try {
                        for (int round = 0; round < ROUNDS; round++) {
                            start.await(TIMEOUT_S, TimeUnit.SECONDS);
                            visitedPerWorker[worker] = walkRange(slab, worker);
                            done.await(TIMEOUT_S, TimeUnit.SECONDS);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        start.reset();
                        done.reset();
                    }
                }, "walker-" + w);
                t.start();
                workers.add(t);
            }
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    churn(slab, live, random, round);
                    start.await(TIMEOUT_S, TimeUnit.SECONDS);
                    done.await(TIMEOUT_S, TimeUnit.SECONDS);
                    int visited = 0;
                    for (int v : visitedPerWorker) {
                        visited += v;
                    }
                    assertEquals(live.size(), visited, "round " + round + ": visits");
                    for (long h : live) {
                        assertEquals(round + 1, MEMORY.get(ValueLayout.JAVA_INT, slab.address(h)),
                                "round " + round + ": counter of a live slot (its birth round plus its visits)");
                    }
                }
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new AssertionError("a worker failed", failure.get() != null ? failure.get() : e);
            } finally {
                for (Thread t : workers) {
                    t.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
                }
            }
            assertNull(failure.get());
            assertTrue(slab.capacity() >= 4 * 256, "slabs were added between rounds: capacity=" + slab.capacity());
        }
    }

    /** Walks the worker's share of {@code [0, slotLimit())}, with random pauses; returns the slots visited. */
    private static int walkRange(SlabAllocator slab, int worker) {
        int limit = slab.slotLimit();
        int from = (int) ((long) limit * worker / WORKERS);
        int to = (int) ((long) limit * (worker + 1) / WORKERS);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int visited = 0;
        for (int s = slab.nextLive(from); s < to; s = slab.nextLive(s + 1)) {
            long counter = slab.slotAddress(s);
            MEMORY.set(ValueLayout.JAVA_INT, counter, MEMORY.get(ValueLayout.JAVA_INT, counter) + 1);
            visited++;
            if (random.nextInt(64) == 0) {
                LockSupport.parkNanos(random.nextInt(20_000));
            }
        }
        return visited;
    }

    /**
     * Frees a random share of the live slots and allocates a random number, sometimes enough to add a slab. A new
     * slot's counter starts at the round, so after the round's walk every live slot's counter is {@code round + 1}.
     */
    private static void churn(SlabAllocator slab, List<Long> live, SplittableRandom random, int round) {
        int frees = live.isEmpty() ? 0 : random.nextInt(live.size() / 3 + 1);
        for (int i = 0; i < frees; i++) {
            int k = random.nextInt(live.size());
            long h = live.get(k);
            live.set(k, live.get(live.size() - 1));
            live.remove(live.size() - 1);
            slab.free(h);
        }
        int allocations = random.nextInt(frees + 200);
        for (int i = 0; i < allocations; i++) {
            long h = slab.allocate();
            MEMORY.set(ValueLayout.JAVA_INT, slab.address(h), round);
            live.add(h);
        }
    }
}
