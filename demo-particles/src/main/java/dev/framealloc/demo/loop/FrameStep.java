package dev.framealloc.demo.loop;

import dev.framealloc.demo.sim.ExpiredList;
import dev.framealloc.demo.sim.ParticleSimulation;
import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.demo.sim.VertexMemory;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.SlabAllocator;

/**
 * The particle part of a frame, the same for every loop: step the simulation and write every live particle's
 * vertex, in one pass, into memory of the current frame. The caller begins the frame first (which differs: a fence
 * wait before {@code beginFrame} for a mapped GPU buffer), then uploads and draws the vertices, which come in
 * {@link #parts()} contiguous parts, one per walker, in address order.
 *
 * <h2>Walkers</h2>
 * With {@code threads} walkers, a frame is:
 * <ol>
 * <li>on the owner: {@code ParticleSimulation.beginStep} (free the particles that expired in the previous frame,
 *     spawn), then cut {@code [0, slotLimit())} into {@code threads} slot ranges of about equal live counts
 *     ({@code SlabAllocator.liveCount} per {@value #CHUNK_SLOTS} slots: microseconds);</li>
 * <li>on every walker, the owner being walker 0 ({@link WorkerPool}): claim worker arenas {@code i} (vertices) and
 *     {@code threads + i} (the expired particles' list) of the frame, allocate exactly the range's vertices, walk
 *     the range;</li>
 * <li>the join; the next frame's {@code beginStep} frees what the walkers listed.</li>
 * </ol>
 * The frame arenas need {@link #workersFor(int) workersFor(threads)} workers. A walk's result does not depend on the
 * split, so the particles and the vertices (parts concatenated) are the same for any number of threads.
 * <p>
 * Allocates no heap memory per frame once warm, on any thread. {@link #run} and {@link #close()} on the owner, the
 * thread that owns the simulation's slab and the frame arenas.
 * {@snippet :
 * try (FrameArenas frames = FrameArenas.builder().workers(FrameStep.workersFor(2)).build();
 *      FrameStep step = new FrameStep(sim, frames, 2)) {
 *     while (running) {
 *         frames.beginFrame();
 *         step.run(dt);
 *         for (int p = 0; p < step.parts(); p++) {
 *             draw(step.partAddress(p), step.partVertices(p));
 *         }
 *     }
 * }
 * }
 */
public final class FrameStep implements AutoCloseable {
    /** Granularity of the split: ranges start at multiples of this many slots. */
    static final int CHUNK_SLOTS = 512;

    private final ParticleSimulation sim;
    private final SlabAllocator slab;
    private final FrameArenas frames;
    private final VertexMemory memory;
    private final int walkers;
    private final WorkerPool pool;
    private final ExpiredList[] expired;
    private final int[] from;
    private final int[] to;
    private final int[] counts;
    private final long[] addresses;
    private int vertexCount;

    /**
     * A frame step with {@code threads} walkers whose vertices and expired lists go to worker arenas of
     * {@code frames}: worker {@code i} for walker {@code i}'s vertices, worker {@code threads + i} for its list.
     * Starts {@code threads - 1} threads.
     *
     * @param sim     the simulation, owned by the calling thread
     * @param frames  frame arenas owned by the calling thread, with at least {@code workersFor(threads)} workers
     *                (they keep two or more frames, so an expired list outlives its frame by one, as it must)
     * @param threads walkers, the calling thread included, {@code >= 1}
     * @throws IllegalArgumentException if {@code threads < 1}, or {@code frames} has too few workers
     */
    public FrameStep(ParticleSimulation sim, FrameArenas frames, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + " must be >= 1");
        }
        if (frames.workerCount() < workersFor(threads)) {
            throw new IllegalArgumentException("frame arenas '" + frames.name() + "' have " + frames.workerCount()
                    + " workers; " + threads + " threads need workersFor(" + threads + ")=" + workersFor(threads));
        }
        this.sim = sim;
        this.slab = sim.slab();
        this.frames = frames;
        this.memory = null;
        this.walkers = threads;
        this.expired = lists(threads);
        this.from = new int[threads];
        this.to = new int[threads];
        this.counts = new int[threads];
        this.addresses = new long[threads];
        this.pool = threads > 1 ? new WorkerPool("particle-walker", threads, this::walk) : null;
    }

    /**
     * A frame step with one walker, the calling thread, whose vertices go to {@code memory} (asked once per
     * {@link #run} for exactly the frame's vertex bytes) and whose expired list is kept on the heap.
     *
     * @param sim    the simulation, owned by the calling thread
     * @param memory where the vertices go
     */
    public FrameStep(ParticleSimulation sim, VertexMemory memory) {
        this.sim = sim;
        this.slab = sim.slab();
        this.frames = null;
        this.memory = memory;
        this.walkers = 1;
        this.expired = lists(1);
        this.from = new int[1];
        this.to = new int[1];
        this.counts = new int[1];
        this.addresses = new long[1];
        this.pool = null;
        expired[0].startOnHeap();
    }

    private static ExpiredList[] lists(int n) {
        ExpiredList[] lists = new ExpiredList[n];
        for (int i = 0; i < n; i++) {
            lists[i] = new ExpiredList();
        }
        return lists;
    }

    /**
     * Bytes one walker's vertices can take in a frame of at most {@code maxLive} particles: its share of the split,
     * which is at most {@code maxLive / threads} plus one chunk; size each worker arena (vertices, or the expired
     * list, 16 bytes per particle at worst too) with it.
     *
     * @throws IllegalArgumentException if {@code maxLive < 0} or {@code threads < 1}
     */
    public static long walkerBytes(int maxLive, int threads) {
        if (maxLive < 0 || threads < 1) {
            throw new IllegalArgumentException("maxLive=" + maxLive + " threads=" + threads
                    + " (want maxLive >= 0, threads >= 1)");
        }
        return ParticleVertices.bytesFor(Math.min(maxLive, maxLive / threads + 2 * CHUNK_SLOTS));
    }

    /** Worker arenas a {@link FrameArenas} needs for a step of {@code threads} walkers: two per walker. */
    public static int workersFor(int threads) {
        return 2 * threads;
    }

    /**
     * Steps the simulation by {@code dt} and writes the frame's vertices, on every walker.
     *
     * @param dt seconds to advance; {@code 0} (paused) only writes the vertices of the particles as they are
     * @return vertices written: the live particle count after the step
     */
    public int run(float dt) {
        int total = sim.beginStep(dt, expired);
        if (memory != null) {
            long address = memory.allocate(ParticleVertices.bytesFor(total));
            expired[0].startOnHeap();
            addresses[0] = address;
            counts[0] = sim.walk(0, slab.slotLimit(), address, expired[0]);
        } else {
            split(total);
            if (pool != null) {
                pool.run();
            } else {
                walk(0);
            }
        }
        vertexCount = total;
        return total;
    }

    /**
     * Cuts {@code [0, slotLimit())} into one range per walker, at multiples of {@value #CHUNK_SLOTS} slots, so that
     * each holds about {@code total / walkers} live particles, and records each range's exact count.
     */
    private void split(int total) {
        final int limit = slab.slotLimit();
        final int n = walkers;
        int walker = 0;
        int start = 0;
        int count = 0;
        long target = (long) total * (walker + 1) / n;
        long before = 0; // live particles in the ranges already cut
        for (int chunk = 0; chunk < limit && walker < n - 1; chunk += CHUNK_SLOTS) {
            int end = Math.min(limit, chunk + CHUNK_SLOTS);
            count += slab.liveCount(chunk, end);
            if (before + count >= target) {
                from[walker] = start;
                to[walker] = end;
                counts[walker] = count;
                before += count;
                walker++;
                start = end;
                count = 0;
                target = (long) total * (walker + 1) / n;
            }
        }
        for (int w = walker; w < n; w++) { // the last range takes the rest; any before it are empty at the limit
            from[w] = start;
            to[w] = w == n - 1 ? limit : start;
            counts[w] = w == n - 1 ? (int) (total - before) : 0;
        }
    }

    /** Walker {@code i}'s share: on its own thread, with its own worker arenas. */
    private void walk(int i) {
        MemoryArena vertices = frames.worker(i);
        expired[i].start(frames.worker(walkers + i));
        long address = vertices.allocateAddress(ParticleVertices.bytesFor(counts[i]), ParticleVertices.ALIGNMENT);
        addresses[i] = address;
        int written = sim.walk(from[i], to[i], address, expired[i]);
        if (written != counts[i]) {
            throw new IllegalStateException("walker " + i + " wrote " + written + " vertices for slots [" + from[i]
                    + ", " + to[i] + "), which held " + counts[i] + " live particles when the walk began");
        }
    }

    /**
     * Resets the simulation ({@link ParticleSimulation#reset()}: every particle freed, the seed's sequence restarted)
     * and drops the walkers' expired lists, whose handles the slab reset made stale: the next {@link #run} would
     * otherwise free them again and throw. Use it instead of {@code simulation().reset()} while this step is in use.
     * Owner thread, between runs. The next run replays exactly like a new simulation's first.
     */
    public void reset() {
        for (ExpiredList list : expired) {
            list.clear();
        }
        sim.reset();
    }

    /** Parts of the last {@link #run}'s vertices: one per walker, in address order. */
    public int parts() {
        return walkers;
    }

    /** Native address of part {@code part}'s vertices. */
    public long partAddress(int part) {
        return addresses[part];
    }

    /** Vertices in part {@code part}. */
    public int partVertices(int part) {
        return counts[part];
    }

    /** First slot of part {@code part}'s range. */
    public int partFrom(int part) {
        return from[part];
    }

    /** One past the last slot of part {@code part}'s range. */
    public int partTo(int part) {
        return to[part];
    }

    /** Native address of the first part's vertices: all of them with one walker. */
    public long vertexAddress() {
        return addresses[0];
    }

    /** Vertices the last {@link #run} wrote, all parts together. */
    public int vertexCount() {
        return vertexCount;
    }

    /** Bytes of the last {@link #run}'s vertices, all parts together. */
    public long vertexBytes() {
        return ParticleVertices.bytesFor(vertexCount);
    }

    /** Particles whose lifetime ended in the last {@link #run} (drawn transparent, freed by the next one). */
    public int expiredCount() {
        int n = 0;
        for (ExpiredList list : expired) {
            n += list.count();
        }
        return n;
    }

    /** Walkers, the owner included. */
    public int threads() {
        return walkers;
    }

    /**
     * Heap bytes walker {@code walker}'s thread allocated in the last {@link #run} (0 for walker 0, the owner,
     * which the caller measures).
     */
    public long walkerHeapBytes(int walker) {
        if (walker < 0 || walker >= walkers) {
            throw new IndexOutOfBoundsException("walker=" + walker + " not in [0, " + walkers + ")");
        }
        return pool == null ? 0 : pool.heapBytes(walker);
    }

    /** The simulation this step advances. */
    public ParticleSimulation simulation() {
        return sim;
    }

    /** Stops the walker threads. */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
