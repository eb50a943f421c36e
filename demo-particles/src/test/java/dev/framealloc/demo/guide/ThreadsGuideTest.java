package dev.framealloc.demo.guide;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.ScratchArena;
import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memGetAddress;
import static org.lwjgl.system.MemoryUtil.memGetFloat;
import static org.lwjgl.system.MemoryUtil.memGetInt;
import static org.lwjgl.system.MemoryUtil.memGetLong;
import static org.lwjgl.system.MemoryUtil.memPutAddress;
import static org.lwjgl.system.MemoryUtil.memPutFloat;
import static org.lwjgl.system.MemoryUtil.memPutInt;
import static org.lwjgl.system.MemoryUtil.memPutLong;

/**
 * The guide's and the README's threaded loop, run for real: an update thread, two workers of a thread pool that
 * walk halves of the slab and write vertices into their worker arenas, and a render thread that holds each frame
 * while it reads it, with random delays so that {@code beginFrame()} has to wait for it. The render thread checks
 * every frame against what the update thread knew when it handed the frame over.
 */
class ThreadsGuideTest {
    private static final int FRAMES = 400;
    private static final int FRAME_COUNT = 3;
    private static final int WORKERS = 2;
    private static final long PARTICLE_BYTES = 16;      // id, y, life as floats
    private static final int VERTEX_BYTES = 16;
    private static final float DT = 1f / 64f;           // a power of two: ages are exact
    private static final int SPAWN_PER_FRAME = 50;
    private static final int MAX_LIFE_FRAMES = 13;
    /** The frame the render thread keeps until the update thread waits for it. */
    private static final long STALLED_FRAME = 100;
    private static final long STALL_LIMIT_NANOS = 10_000_000_000L;
    /** Frame header: frame number, then (vertices address, vertex count) per worker. */
    private static final long HEADER_BYTES = 8 + 16L * WORKERS;

    private final FrameArenas frames = FrameArenas.builder().frameCount(FRAME_COUNT).workers(WORKERS)
            .blockSize(256 << 10).holdTimeout(Duration.ofSeconds(5)).build();
    private final SlabAllocator particles = SlabAllocator.create(PARTICLE_BYTES, 1024);
    private final BlockingQueue<Long> toRender = new ArrayBlockingQueue<>(FRAME_COUNT);
    private final ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    private final long[] deathLists = new long[WORKERS];
    private final int[] deathCounts = new int[WORKERS];
    /** Per frame: the sum of the live particles' ids after the update, as the update thread saw them. */
    private final long[] expectedIdSums = new long[FRAMES + 1];
    private final long[] drawnIdSums = new long[FRAMES + 1];
    private final AtomicReference<Throwable> renderFailure = new AtomicReference<>();
    private long frameHeader;
    private volatile Thread updateThread;
    private int framesLeft = FRAMES;
    private int spawned;

    @Test
    void updateWorkersAndRenderThreadShareFramesSafely() throws Exception {
        Thread render = Thread.ofPlatform().name("render").start(this::renderLoop);
        try {
            updateLoop();
        } catch (IllegalStateException e) {
            assertNull(renderFailure.get(), "the render thread failed first");
            throw e;
        } finally {
            toRender.put(NULL);
            render.join();
            pool.close();
            frames.close();
            particles.close();
        }
        assertNull(renderFailure.get(), "the render thread failed");
        assertArrayEquals(expectedIdSums, drawnIdSums, "every frame drawn as the update thread built it");
        assertTrue(expectedIdSums[FRAMES] > 0);
        long waited = 0;
        for (int i = 0; i < frames.history().size(); i++) {
            waited += frames.history().waitNanos(i);
        }
        assertTrue(waited > 0, "beginFrame() never waited for the render thread: the holds were not exercised");
    }

    @Test
    void aJobSortsInScratchMemoryAndKeepsItsResultInTheWorkerArena() throws Exception {
        int count = 1000;
        long[] results = new long[WORKERS];
        try (particles; pool) {
            frames.beginFrame();
            for (int i = 0; i < count; i++) {
                memPutFloat(particles.address(particles.allocate()) + 4, (i * 7919) % count); // y: a permutation
            }
            List<Callable<Void>> jobs = List.of(() -> {
                results[0] = backToFront(0, count);
                return null;
            }, () -> {
                results[1] = backToFront(1, count);
                return null;
            });
            for (Future<Void> job : pool.invokeAll(jobs)) {
                job.get();
            }
            for (int w = 0; w < WORKERS; w++) {
                float previous = Float.MAX_VALUE;
                for (int i = 0; i < count; i++) {
                    float depth = memGetFloat(particles.slotAddress(memGetInt(results[w] + 4L * i)) + 4);
                    assertTrue(depth <= previous, "worker " + w + ": index " + i + " is out of order");
                    previous = depth;
                }
                assertEquals(count * Integer.BYTES, frames.workerUsedBytes(w), "only the result is in the worker arena");
            }
        } finally {
            frames.close();
        }
    }

    @Test
    void virtualThreadsBorrowScratchArenasInsteadOfKeepingOneEach() throws Exception {
        int tasks = 2_000;
        long[] checks = new long[tasks];
        int openBefore = MemoryArena.openCount();
        try (particles; pool) {
            // tag::threads-virtual-scratch[]
            try (ExecutorService perTask = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < tasks; i++) {
                    int task = i;
                    perTask.submit(() -> {
                        try (MemoryArena.Scope tmp = ScratchArena.scope()) {     // borrowed for this scope
                            long buffer = tmp.allocateAddress(1024, 16);
                            checks[task] = checksum(buffer, task);
                        }                                                        // back to the pool here
                    });
                }
            }
            // end::threads-virtual-scratch[]
        } finally {
            frames.close();
        }
        for (int i = 0; i < tasks; i++) {
            assertEquals(256L * i, checks[i], "task " + i + " saw its own memory");
        }
        assertTrue(ScratchArena.pooledCount() <= ScratchArena.poolCapacity());
        assertTrue(MemoryArena.openCount() - openBefore <= ScratchArena.poolCapacity(), "arenas left open: "
                + (MemoryArena.openCount() - openBefore) + ", pool capacity " + ScratchArena.poolCapacity());
    }

    /** Fills the 256 ints at {@code buffer} with {@code task}, yields (another virtual thread may run), sums them. */
    private static long checksum(long buffer, int task) {
        for (int i = 0; i < 256; i++) {
            memPutInt(buffer + 4L * i, task);
        }
        Thread.yield();
        long sum = 0;
        for (int i = 0; i < 256; i++) {
            sum += memGetInt(buffer + 4L * i);
        }
        return sum;
    }

    // tag::threads-job-scratch[]
    private long backToFront(int worker, int count) {    // runs on a pool thread
        long order = frames.worker(worker).allocateAddress((long) count * Integer.BYTES, 4);  // kept for the frame
        try (MemoryArena.Scope tmp = ScratchArena.scope()) {                        // this thread's scratch
            long depths = tmp.allocateAddress((long) count * Float.BYTES, 4);        // gone at the closing brace
            int n = 0;
            for (int s = particles.nextLive(0); s < particles.slotLimit(); s = particles.nextLive(s + 1)) {
                memPutFloat(depths + 4L * n, memGetFloat(particles.slotAddress(s) + 4));
                memPutInt(order + 4L * n++, s);
            }
            sortDescending(depths, order, n);                                        // both arrays, by depth
        }
        return order;
    }
    // end::threads-job-scratch[]

    /** Insertion sort of {@code keys} descending, moving {@code values} along. */
    private static void sortDescending(long keys, long values, int n) {
        for (int i = 1; i < n; i++) {
            float key = memGetFloat(keys + 4L * i);
            int value = memGetInt(values + 4L * i);
            int j = i - 1;
            while (j >= 0 && memGetFloat(keys + 4L * j) < key) {
                memPutFloat(keys + 4L * (j + 1), memGetFloat(keys + 4L * j));
                memPutInt(values + 4L * (j + 1), memGetInt(values + 4L * j));
                j--;
            }
            memPutFloat(keys + 4L * (j + 1), key);
            memPutInt(values + 4L * (j + 1), value);
        }
    }

    private void updateLoop() throws Exception {
        updateThread = Thread.currentThread();
        // tag::threads-update[]
        List<Callable<Void>> jobs = List.of(() -> simulate(0), () -> simulate(1));   // built once
        while (running()) {
            MemoryArena frame = frames.beginFrame();      // waits while the render thread holds frame F-3
            frameHeader = frame.allocateAddress(HEADER_BYTES, 16);
            spawn(particles);                             // the slab's owner allocates before the jobs run
            for (Future<Void> job : pool.invokeAll(jobs)) {
                job.get();                                // the join: rethrows a job's failure
            }
            freeDeaths();                                 // ... and frees after they are done
            long f = frames.frameNumber();
            memPutLong(frameHeader, f);
            frames.hold(f);                               // for the render thread, before the hand-off
            toRender.put(frameHeader);
        }
        // end::threads-update[]
    }

    // tag::threads-job[]
    private Void simulate(int worker) {                  // runs on a pool thread
        MemoryArena out = frames.worker(worker);          // this worker's arena in the current frame
        int limit = particles.slotLimit();
        int from = (int) ((long) limit * worker / WORKERS);
        int to = (int) ((long) limit * (worker + 1) / WORKERS);
        long vertices = out.allocateAddress((long) (to - from) * VERTEX_BYTES, 16);
        long deaths = out.allocateAddress((long) (to - from) * Integer.BYTES, 4);
        long v = vertices;
        int dead = 0;
        for (int s = particles.nextLive(from); s < to; s = particles.nextLive(s + 1)) {
            long p = particles.slotAddress(s);
            if (update(p, DT)) {
                v = writeVertex(p, v);
            } else {
                memPutInt(deaths + 4L * dead++, s);       // only the slab's owner may free
            }
        }
        memPutAddress(frameHeader + 8 + 16L * worker, vertices);
        memPutInt(frameHeader + 16 + 16L * worker, (int) ((v - vertices) / VERTEX_BYTES));
        deathLists[worker] = deaths;
        deathCounts[worker] = dead;
        return null;
    }
    // end::threads-job[]

    private void freeDeaths() {
        for (int w = 0; w < WORKERS; w++) {
            for (int i = 0; i < deathCounts[w]; i++) {
                particles.free(particles.slotHandle(memGetInt(deathLists[w] + 4L * i)));
            }
        }
        long sum = 0;
        for (int s = particles.nextLive(0); s < particles.slotLimit(); s = particles.nextLive(s + 1)) {
            sum += (long) memGetFloat(particles.slotAddress(s));
        }
        expectedIdSums[(int) frames.frameNumber()] = sum;
    }

    private void renderLoop() {
        try {
            // tag::threads-render[]
            for (long header = toRender.take(); header != NULL; header = toRender.take()) {
                long f = memGetLong(header);
                try {
                    for (int w = 0; w < WORKERS; w++) {
                        draw(memGetAddress(header + 8 + 16L * w), memGetInt(header + 16 + 16L * w), f);
                    }
                    // end::threads-render[]
                    stallOnce(f);
                    // tag::threads-render[]
                } finally {
                    frames.release(f);                    // beginFrame() may reuse frame f now
                }
            }
            // end::threads-render[]
        } catch (Throwable t) {
            renderFailure.set(t);
            drainUntilStopped();
        }
    }

    /** After a failure, keeps taking frames so that the update thread is not blocked on a full queue forever. */
    private void drainUntilStopped() {
        try {
            while (toRender.take() != NULL) {
                // the update thread's beginFrame() times out on a frame left held; it then stops and sends NULL
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * At frame {@link #STALLED_FRAME}, keeps the hold until the update thread has queued the two frames after it and
     * sits parked in the {@code beginFrame()} that would reuse this frame's memory: a wait the test can count on.
     */
    private void stallOnce(long f) throws InterruptedException {
        if (f != STALLED_FRAME) {
            return;
        }
        long deadline = System.nanoTime() + STALL_LIMIT_NANOS;
        while (!(frames.frameNumber() == f + FRAME_COUNT - 1 && toRender.size() == FRAME_COUNT - 1
                && parked(updateThread))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the update thread never waited for held frame " + f + ": frame "
                        + frames.frameNumber() + ", " + toRender.size() + " queued, " + updateThread.getState());
            }
            Thread.sleep(1);
        }
    }

    private static boolean parked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** Reads every vertex (ids into the frame's checksum), sometimes slowly, so that the update thread waits. */
    private void draw(long vertices, int count, long f) throws InterruptedException {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += (long) memGetFloat(vertices + (long) i * VERTEX_BYTES);
        }
        if (ThreadLocalRandom.current().nextInt(8) == 0) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 4));
        }
        for (int i = 0; i < count; i++) {   // read again after the delay: the memory must not have changed
            sum -= (long) memGetFloat(vertices + (long) i * VERTEX_BYTES);
        }
        assertEquals(0, sum, "frame " + f + " changed while it was held");
        for (int i = 0; i < count; i++) {
            drawnIdSums[(int) f] += (long) memGetFloat(vertices + (long) i * VERTEX_BYTES);
        }
    }

    private boolean running() {
        return framesLeft-- > 0;
    }

    private void spawn(SlabAllocator slab) {
        for (int i = 0; i < SPAWN_PER_FRAME; i++) {
            long p = slab.address(slab.allocate());
            memPutFloat(p, spawned);
            memPutFloat(p + 4, 0f);
            memPutFloat(p + 8, (spawned % MAX_LIFE_FRAMES + 1) * DT);
            spawned++;
        }
    }

    private static boolean update(long p, float dt) {
        float life = memGetFloat(p + 8) - dt;
        memPutFloat(p + 8, life);
        memPutFloat(p + 4, memGetFloat(p + 4) + dt);
        return life > 0;
    }

    private static long writeVertex(long p, long v) {
        memPutFloat(v, memGetFloat(p));
        memPutFloat(v + 4, memGetFloat(p + 4));
        memPutFloat(v + 8, 0.5f);
        memPutFloat(v + 12, 1f);
        return v + VERTEX_BYTES;
    }
}
