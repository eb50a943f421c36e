package dev.framealloc.memory;

import dev.framealloc.memory.internal.Checks;
import dev.framealloc.memory.internal.FrameArenaEvent;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Per-frame arenas, N-buffered: each frame allocates from its own {@link MemoryArena}, which is reset when it
 * comes round again {@code frameCount} frames later. Worker threads get arenas of their own in every frame, and
 * consumers (a render thread, a GPU fence callback) can hold a frame so that its memory is not reused under them.
 *
 * <h2>The frame rule</h2>
 * {@link #beginFrame()} advances the frame counter, resets the arenas whose data is now {@code frameCount} frames
 * old and returns the main one. With 2 frames, data allocated in frame F stays valid and untouched through frame
 * F+1 (while a render thread or the GPU reads it) and is reused in frame F+2. With 3, it stays valid through F+2.
 * <p>
 * Each arena grows like any {@code MemoryArena} and consolidates at its next reset, so after warm-up every
 * frame runs in one contiguous block per arena with no growth. {@link #history()} keeps the last 256 frames'
 * usage for overlays and budget sizing, readable without allocating. Every completed frame also emits the JFR
 * event {@code dev.framealloc.FrameArena} when a recording enables it.
 *
 * <h2>Workers</h2>
 * With {@link Builder#workers(int) workers(n)}, every frame also has {@code n} worker arenas. A job running on
 * any thread takes worker {@code i}'s arena of the current frame with {@link #worker(int) worker(i)}; the first
 * thread to ask for index {@code i} after a {@code beginFrame()} owns that arena until the next
 * {@code beginFrame()}, and allocates from it exactly as from any {@code MemoryArena}: no lock and no atomic per
 * allocation. Worker memory follows the frame rule of the main arena. Jobs must be done allocating before the
 * owner's next {@code beginFrame()}: join them first (the join orders their writes before the reset). A job's
 * temporaries that die with the job belong in a {@link ScratchArena#scope()}, which is the job thread's own (see
 * {@link ScratchArena}); with {@link Builder#workerFrameMemory} jobs write straight into caller memory such as a
 * persistently mapped GPU buffer.
 *
 * <h2>Holds</h2>
 * A consumer that reads frame F while later frames are built calls {@link #hold(long) hold(F)} before reading and
 * {@link #release(long) release(F)} when done. {@code beginFrame()} never reuses a held frame's memory: it waits
 * (spinning briefly, then parking, allocating nothing) until every hold is released, and past
 * {@link Builder#holdTimeout(Duration) holdTimeout} throws {@link IllegalStateException} and changes nothing.
 *
 * <h2>Threads</h2>
 * {@code beginFrame}, allocation from the main arena and {@code close} are confined to the owner thread, the one
 * that built the instance. {@link #worker(int)}, {@link #hold(long)}, {@link #release(long)} and the getters may be
 * called from any thread. Memory of live frames may be read from any thread, ordered by the caller's hand-off
 * (a queue, a join, a hold taken before the hand-off).
 *
 * <h2>Example</h2>
 * An update thread with worker jobs and a render thread that holds each frame it draws:
 * {@snippet :
 * try (FrameArenas frames = FrameArenas.builder().frameCount(3).workers(2).build()) {
 *     while (running) {
 *         MemoryArena frame = frames.beginFrame();       // waits while frame F-3 is still held
 *         long header = frame.allocateAddress(64, 16);
 *         jobs.run(i -> {                                // on 2 pool threads; returns after both are done
 *             MemoryArena mine = frames.worker(i);       // claims worker i's arena for this frame
 *             long vertices = mine.allocateAddress(bytesOf(i), 16);
 *             writeVertices(i, vertices);
 *         });
 *         long f = frames.frameNumber();
 *         frames.hold(f);                                // taken for the render thread before the hand-off
 *         renderQueue.put(f);                            // the render thread draws, then calls frames.release(f)
 *     }
 * }
 * }
 */
public final class FrameArenas implements AutoCloseable {
    /** Most simultaneous holds on one frame. */
    public static final int MAX_HOLDS = (1 << 20) - 1;
    /** Most workers per frame. */
    public static final int MAX_WORKERS = 4096;

    // A frame slot's hold state is one long: the frame number in the high bits, the hold count in the low bits.
    private static final int HOLD_BITS = 20;
    private static final long HOLD_MASK = MAX_HOLDS;
    private static final long MAX_FRAME_NUMBER = Long.MAX_VALUE >>> HOLD_BITS;
    /** Longs between two slots' states (128 bytes), so that holds on different frames do not share a cache line. */
    private static final int STATE_STRIDE = 16;
    private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle CLAIMS = MethodHandles.arrayElementVarHandle(Thread[].class);
    // The wait in beginFrame: spin, then yield, then park in slices (release() unparks the waiter at once).
    private static final int SPIN_ROUNDS = 256;
    private static final int YIELD_ROUNDS = 16;
    private static final long MAX_PARK_NANOS = 1_000_000;

    private final Thread owner;
    private final String name;
    private final MemoryArena[] arenas;
    private final MemoryArena[][] workers;      // [frame slot][worker index]
    private final Thread[] claims;              // the thread owning each worker index in the current frame
    private final long[] holdStates;            // slot i's state at (i + 1) * STATE_STRIDE
    private final Duration holdTimeout;
    private final long holdTimeoutNanos;
    private final FrameStatsHistory history;
    private final long[] workerGrowthAtFrameStart;
    /** The owner while it parks in beginFrame or close, for release() to unpark; null otherwise. */
    private volatile Thread waiter;
    private volatile long frameNumber;
    private volatile boolean closed;
    private int currentIndex = -1;
    private long growthAtFrameStart;
    private long waitNanos;

    private FrameArenas(Builder b) {
        this.owner = Thread.currentThread();
        this.name = b.name;
        int n = b.memory != null ? b.memory.length : b.frameCount;
        int workerCount = b.workers;
        b.validateWorkerMemory(n);
        this.arenas = new MemoryArena[n];
        this.workers = new MemoryArena[n][workerCount];
        this.claims = new Thread[workerCount];
        this.holdStates = new long[(n + 2) * STATE_STRIDE];
        this.holdTimeout = b.holdTimeout;
        this.holdTimeoutNanos = saturatedNanos(b.holdTimeout);
        this.history = new FrameStatsHistory(workerCount);
        this.workerGrowthAtFrameStart = new long[workerCount];
        try {
            for (int i = 0; i < n; i++) {
                arenas[i] = b.arena(name + "[" + i + "]", b.memory != null ? b.memory[i] : null, b.blockSize);
                for (int w = 0; w < workerCount; w++) {
                    MemorySegment[] regions = b.workerMemory == null || w >= b.workerMemory.length
                            ? null : b.workerMemory[w]; // workers above the last one given memory reserve blocks
                    workers[i][w] = b.arena(name + "[" + i + "].worker" + w, regions != null ? regions[i] : null,
                            b.workerBlockSize > 0 ? b.workerBlockSize : b.blockSize);
                }
            }
        } catch (RuntimeException e) {
            closeAll(arenas, workers);
            throw e;
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Creates {@code frameCount} arenas of {@code blockSize}-byte blocks, owned by the calling thread.
     *
     * @param frameCount number of frames in flight, {@code >= 2}
     * @param blockSize  bytes per block of each arena, {@code > 0}
     * @return the new frame arenas; call {@link #beginFrame()} before allocating
     * @throws IllegalArgumentException if {@code frameCount < 2} or {@code blockSize <= 0}
     * @throws ArenaExhaustedException  if the first blocks cannot be reserved (the arenas already built are
     *                                  closed)
     */
    public static FrameArenas create(int frameCount, long blockSize) {
        return builder().frameCount(frameCount).blockSize(blockSize).build();
    }

    /**
     * Returns a builder with the defaults: 2 frames, 1 MiB blocks, no cap, name "frame", no workers, a 10 s hold
     * timeout, checked mode and site tracking from the system properties.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // =====================================================================================================
    // Frames
    // =====================================================================================================

    /**
     * Starts the next frame: advances {@link #frameNumber()}, resets the main and worker arenas last used
     * {@code frameCount} frames ago and returns the main one as {@link #current()}. The frame that just ended is
     * recorded in {@link #history()} and, when a recording enables it, as a JFR event; its worker arenas go back to
     * the owner thread, so a job that still allocates from one gets {@link WrongThreadException} (best effort: the
     * rule is that jobs are joined before this call). The reset has the effects of {@link MemoryArena#reset()}:
     * every segment of the reused frame ends, and each arena consolidates if it grew.
     * <p>
     * If the reused frame is {@linkplain #hold(long) held}, this call first waits until every hold on it is
     * released: it spins briefly, then yields, then parks until {@link #release(long)} unparks it, allocating no
     * heap memory (on a platform thread). The time it waited is recorded in {@link FrameStatsHistory#waitNanos}.
     * O(1 + workerCount) and allocation-free after warm-up (checked mode: O(allocations of the reused frame)).
     *
     * @return the main arena of this frame; memory allocated from it stays valid until the {@code frameCount}-th
     *         {@code beginFrame()} after this one (or {@link #close()})
     * @throws IllegalStateException   if the reused frame is still held after the hold timeout: the message names
     *                                 that frame and its hold count, and nothing changed (the frame number does
     *                                 not advance, nothing is reset or recorded, so the call may be retried); or
     *                                 if closed
     * @throws GuardViolationException if checked mode found an overrun in the reused frame (the frame has still begun)
     * @throws ArenaExhaustedException if consolidating a reused arena could not reserve memory (the frame has
     *                                 still begun; the arena reserves memory again on demand)
     * @throws WrongThreadException    if called from a thread other than the owner
     */
    public MemoryArena beginFrame() {
        checkOwnerAndOpen("beginFrame");
        int next = currentIndex + 1;
        if (next == arenas.length) {
            next = 0;
        }
        long number = frameNumber + 1;
        int state = stateIndex(next);
        long s = (long) STATES.getVolatile(holdStates, state);
        long wait = 0;
        if ((s & HOLD_MASK) != 0 | number > MAX_FRAME_NUMBER
                || !STATES.compareAndSet(holdStates, state, s, number << HOLD_BITS)) {
            wait = awaitNoHolds(state, number, number << HOLD_BITS);
        }
        if (currentIndex >= 0) {
            recordEndedFrame();
        }
        currentIndex = next;
        frameNumber = number;
        waitNanos = wait;
        return resetSlot(next, number);
    }

    private void recordEndedFrame() {
        MemoryArena ended = arenas[currentIndex];
        long workerBytes = 0;
        long peak = ended.windowPeakBytes();
        long allocations = ended.allocationCount();
        long growth = ended.growthCount() - growthAtFrameStart;
        MemoryArena[] jobs = workers[currentIndex];
        for (int w = 0; w < jobs.length; w++) {
            MemoryArena job = jobs[w];
            long used = job.usedBytes();
            history.recordWorker(w, used);
            workerBytes += used;
            peak += job.windowPeakBytes();
            allocations += job.allocationCount();
            growth += job.growthCount() - workerGrowthAtFrameStart[w];
            job.transferOwner(owner);
        }
        long used = ended.usedBytes() + workerBytes;
        history.record(frameNumber, used, peak, allocations, growth, workerBytes, waitNanos);
        FrameArenaEvent.emit(name, frameNumber, used, peak, allocations, growth, workerBytes, waitNanos);
    }

    /** Resets slot {@code next}'s arenas for frame {@code number}, then frees the worker claims for the new frame. */
    private MemoryArena resetSlot(int next, long number) {
        MemoryArena arena = arenas[next];
        MemoryArena[] jobs = workers[next];
        growthAtFrameStart = arena.growthCount();
        RuntimeException failure = null;
        try {
            arena.resetForFrame(number);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int w = 0; w < jobs.length; w++) {
            MemoryArena job = jobs[w];
            workerGrowthAtFrameStart[w] = job.growthCount();
            try {
                job.resetForFrame(number);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        for (int w = 0; w < claims.length; w++) {
            CLAIMS.setRelease(claims, w, (Thread) null); // publishes the reset to the job that claims index w next
        }
        if (failure != null) {
            throw failure;
        }
        return arena;
    }

    /**
     * Waits until slot {@code state}'s hold count is 0, then swaps in {@code newState}. For beginFrame
     * ({@code number > 0}) and close ({@code number == 0}). Returns the nanoseconds waited.
     */
    private long awaitNoHolds(int state, long number, long newState) {
        if (number > MAX_FRAME_NUMBER) {
            throw new IllegalStateException("frame arenas '" + name + "' reached frame number " + (number - 1)
                    + ", the last one holds can address");
        }
        long start = System.nanoTime();
        for (int round = 0; ; round++) {
            long s = (long) STATES.getVolatile(holdStates, state);
            if ((s & HOLD_MASK) == 0) {
                if (STATES.compareAndSet(holdStates, state, s, newState)) {
                    return System.nanoTime() - start;
                }
                continue;
            }
            long waited = System.nanoTime() - start;
            if (waited >= holdTimeoutNanos) {
                throw holdTimeout(number, s);
            }
            if (round < SPIN_ROUNDS) {
                Thread.onSpinWait();
            } else if (round < SPIN_ROUNDS + YIELD_ROUNDS) {
                Thread.yield();
            } else {
                waiter = owner; // volatile write, then re-read: release() either sees the waiter or we see its count
                if (((long) STATES.getVolatile(holdStates, state) & HOLD_MASK) != 0) {
                    LockSupport.parkNanos(this, Math.min(holdTimeoutNanos - waited, MAX_PARK_NANOS));
                }
                waiter = null;
            }
        }
    }

    private IllegalStateException holdTimeout(long number, long state) {
        long held = state >>> HOLD_BITS;
        long count = state & HOLD_MASK;
        String what = number > 0
                ? "beginFrame() of frame " + number + " in frame arenas '" + name + "' would reuse the memory of frame "
                        + held
                : "close() of frame arenas '" + name + "' would free the memory of frame " + held;
        String unchanged = number > 0
                ? "nothing changed: the frame number stays " + (number - 1) + " and no memory was reset"
                : "nothing was closed";
        return new IllegalStateException(what + ", which still has " + count + (count == 1 ? " hold" : " holds")
                + " after holdTimeout=" + holdTimeout + "; each hold(" + held + ") needs a release(" + held + "); "
                + unchanged);
    }

    /**
     * The main arena of the current frame. Any thread (unsynchronized: ordered by the caller's frame hand-off).
     * O(1).
     *
     * @return the arena last returned by {@link #beginFrame()}
     * @throws IllegalStateException if no frame has begun
     */
    public MemoryArena current() {
        if (currentIndex < 0) {
            throw new IllegalStateException("no frame has begun in '" + name + "': call beginFrame() first");
        }
        return arenas[currentIndex];
    }

    /**
     * The main arena of the previous frame, whose data is still valid (an empty arena before the second frame).
     * Any thread (unsynchronized). O(1).
     *
     * @return the arena of frame {@code frameNumber() - 1}
     * @throws IllegalStateException if no frame has begun
     */
    public MemoryArena previous() {
        if (currentIndex < 0) {
            throw new IllegalStateException("no frame has begun in '" + name + "': call beginFrame() first");
        }
        return arenas[currentIndex == 0 ? arenas.length - 1 : currentIndex - 1];
    }

    /**
     * The main arena used {@code framesAgo} frames ago (0 is the current frame); its data is still valid. Any
     * thread (unsynchronized). O(1).
     *
     * @param framesAgo how many frames back, in [0, {@link #frameCount()})
     * @return the arena of frame {@code frameNumber() - framesAgo} (an empty arena if that frame never ran)
     * @throws IllegalArgumentException if {@code framesAgo} is not in [0, frameCount)
     * @throws IllegalStateException    if no frame has begun
     */
    public MemoryArena arena(int framesAgo) {
        if (framesAgo < 0 || framesAgo >= arenas.length) {
            throw new IllegalArgumentException("framesAgo=" + framesAgo + " not in [0, " + arenas.length + ")");
        }
        current();
        int index = currentIndex - framesAgo;
        return arenas[index < 0 ? index + arenas.length : index];
    }

    // =====================================================================================================
    // Workers
    // =====================================================================================================

    /**
     * Worker {@code index}'s arena of the current frame, for a job that allocates frame memory on its own thread.
     * <ul>
     * <li><b>Claim:</b> the first thread to call {@code worker(index)} after a {@link #beginFrame()} owns the
     *     arena until the next {@code beginFrame()}; later calls from it return the same arena. Any other thread
     *     asking for the same index in that frame gets {@link WrongThreadException}. One thread may own several
     *     indices.</li>
     * <li><b>Allocation:</b> the ordinary {@link MemoryArena} fast path, with no lock and no atomic; alignment and
     *     contents as in {@link MemoryArena#allocateAddress(long, long)} (not zeroed).</li>
     * <li><b>Lifetime:</b> the frame rule of the main arena: memory stays valid until the arena is reused
     *     {@code frameCount} frames later (or {@link #close()}); checked mode ends its segments then, on every
     *     thread.</li>
     * <li><b>Threads:</b> callable from any thread. The job must be done allocating before the owner's next
     *     {@code beginFrame()}, and that call must come after the owner has joined the job (a join, a latch or a
     *     park/unpark hand-off), which also makes the job's writes visible. A job still allocating from a
     *     previous frame's worker arena after that gets {@link WrongThreadException} (best effort, not
     *     guaranteed without the join).</li>
     * <li><b>Complexity:</b> O(1); the claim is one compare-and-set on the first call per frame, later calls read
     *     one field. No heap allocation.</li>
     * </ul>
     *
     * @param index worker index, in [0, {@link #workerCount()})
     * @return the arena, owned by the calling thread until the next {@code beginFrame()}
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, workerCount())
     * @throws WrongThreadException      if another thread owns index {@code index} in this frame (the message
     *                                   names the index and that thread)
     * @throws IllegalStateException     if no frame has begun, or the frame arenas are closed
     */
    public MemoryArena worker(int index) {
        if (index < 0 || index >= claims.length) {
            throw badWorkerIndex(index);
        }
        Thread me = Thread.currentThread();
        if ((Thread) CLAIMS.getAcquire(claims, index) == me) {
            return workers[currentIndex][index];
        }
        return claimWorker(index, me);
    }

    private MemoryArena claimWorker(int index, Thread me) {
        Thread witness = (Thread) CLAIMS.compareAndExchange(claims, index, (Thread) null, me);
        if (witness != null && witness != me) {
            throw new WrongThreadException("worker " + index + " of frame arenas '" + name + "' belongs to thread '"
                    + witness.getName() + "' (id " + witness.threadId() + ") in frame " + frameNumber + ", so thread '"
                    + me.getName() + "' (id " + me.threadId() + ") cannot use it: the first thread to call worker("
                    + index + ") after beginFrame() owns it until the next beginFrame()");
        }
        int slot = currentIndex; // read after the claim, which orders it after beginFrame's writes
        if (closed || slot < 0) {
            CLAIMS.setRelease(claims, index, (Thread) null);
            throw closed ? new IllegalStateException("cannot use worker " + index + " of frame arenas '" + name
                    + "': they are closed")
                    : new IllegalStateException("no frame has begun in '" + name + "': call beginFrame() before"
                    + " worker(" + index + ")");
        }
        MemoryArena arena = workers[slot][index];
        arena.transferOwner(me);
        return arena;
    }

    private IndexOutOfBoundsException badWorkerIndex(int index) {
        return new IndexOutOfBoundsException("worker index=" + index + " not in [0, " + claims.length
                + "): frame arenas '" + name + "' have " + claims.length + " workers");
    }

    /**
     * Number of worker arenas per frame, set by {@link Builder#workers(int)}.
     *
     * @return the worker count, {@code >= 0}
     */
    public int workerCount() {
        return claims.length;
    }

    /**
     * Bytes used so far in the current frame by worker {@code index}'s arena. Any thread; unsynchronized, so
     * while the job runs the value may be stale. O(1). Completed frames are in
     * {@link FrameStatsHistory#workerUsedBytes(int, int)}.
     *
     * @param index worker index, in [0, {@link #workerCount()})
     * @return the worker arena's {@link MemoryArena#usedBytes()}; 0 before the first frame
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, workerCount())
     */
    public long workerUsedBytes(int index) {
        if (index < 0 || index >= claims.length) {
            throw badWorkerIndex(index);
        }
        int slot = currentIndex;
        return slot < 0 ? 0 : workers[slot][index].usedBytes();
    }

    // =====================================================================================================
    // Holds
    // =====================================================================================================

    /**
     * Holds frame {@code frameNumber}: until a matching {@link #release(long)}, {@link #beginFrame()} does not
     * reuse its memory (main and worker arenas) and waits instead, and {@link #close()} does not free it. Holds
     * are counted: each {@code hold} needs one {@code release}, which may come from another thread. Hold a frame
     * before reading it on another thread, for example on the update thread before handing the frame to the
     * render thread, which releases it when it has drawn (in mapped GPU memory: when the fence signals).
     * Callable from any thread; lock-free (one compare-and-set); no heap allocation. O(1).
     *
     * @param frameNumber a live frame: one of the last {@link #frameCount()} frames begun, {@code >= 1}
     * @throws IllegalArgumentException if {@code frameNumber < 1}
     * @throws IllegalStateException    if the frame is not live (its memory was already reused, it has not begun,
     *                                  or the arenas are closed), or it already has {@link #MAX_HOLDS} holds
     */
    public void hold(long frameNumber) {
        int state = stateIndexOf(frameNumber);
        for (;;) {
            long s = (long) STATES.getVolatile(holdStates, state);
            if (s >>> HOLD_BITS != frameNumber) {
                throw notLive("hold", frameNumber);
            }
            if ((s & HOLD_MASK) == HOLD_MASK) {
                throw new IllegalStateException("cannot hold frame " + frameNumber + " of frame arenas '" + name
                        + "': it already has " + MAX_HOLDS + " holds, the maximum");
            }
            if (STATES.compareAndSet(holdStates, state, s, s + 1)) {
                return;
            }
        }
    }

    /**
     * Releases one {@link #hold(long)} of frame {@code frameNumber}. When the last hold goes and the owner is
     * waiting in {@link #beginFrame()} for this frame, it is unparked. Callable from any thread, not only the one
     * that held; lock-free; no heap allocation. O(1).
     *
     * @param frameNumber a frame this or another thread holds, {@code >= 1}
     * @throws IllegalArgumentException if {@code frameNumber < 1}
     * @throws IllegalStateException    if the frame has no hold to release (released more often than held, or
     *                                  never held); nothing changes then
     */
    public void release(long frameNumber) {
        int state = stateIndexOf(frameNumber);
        for (;;) {
            long s = (long) STATES.getVolatile(holdStates, state);
            if (s >>> HOLD_BITS != frameNumber || (s & HOLD_MASK) == 0) {
                throw releaseWithoutHold(frameNumber, s);
            }
            if (STATES.compareAndSet(holdStates, state, s, s - 1)) {
                if ((s & HOLD_MASK) == 1) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
                return;
            }
        }
    }

    /**
     * Number of holds on frame {@code frameNumber} now. Any thread; a snapshot that other threads may change at
     * once. O(1).
     *
     * @param frameNumber a frame number, {@code >= 1}
     * @return the hold count; 0 if the frame is not live
     * @throws IllegalArgumentException if {@code frameNumber < 1}
     */
    public int holdCount(long frameNumber) {
        long s = (long) STATES.getVolatile(holdStates, stateIndexOf(frameNumber));
        return s >>> HOLD_BITS == frameNumber ? (int) (s & HOLD_MASK) : 0;
    }

    /**
     * Whether frame {@code frameNumber} is live: among the last {@link #frameCount()} frames begun, so its memory
     * is valid and it can be {@linkplain #hold(long) held}. Any thread; a snapshot (the owner's next
     * {@code beginFrame()} may end the oldest live frame unless it is held). O(1).
     *
     * @param frameNumber a frame number, {@code >= 1}
     * @return true if live
     * @throws IllegalArgumentException if {@code frameNumber < 1}
     */
    public boolean isLive(long frameNumber) {
        return (long) STATES.getVolatile(holdStates, stateIndexOf(frameNumber)) >>> HOLD_BITS == frameNumber;
    }

    private int stateIndexOf(long frameNumber) {
        if (frameNumber < 1) {
            throw new IllegalArgumentException("frameNumber=" + frameNumber + " must be >= 1");
        }
        return stateIndex((int) ((frameNumber - 1) % arenas.length));
    }

    private static int stateIndex(int slot) {
        return (slot + 1) * STATE_STRIDE;
    }

    private IllegalStateException notLive(String action, long frameNumber) {
        return new IllegalStateException("cannot " + action + " frame " + frameNumber + " of frame arenas '" + name
                + "': frame " + frameNumber + " is not live: " + liveFrames());
    }

    private IllegalStateException releaseWithoutHold(long frameNumber, long state) {
        if (state >>> HOLD_BITS != frameNumber) {
            return new IllegalStateException("release(" + frameNumber + ") without a matching hold in frame arenas '"
                    + name + "': frame " + frameNumber + " is not live: " + liveFrames());
        }
        return new IllegalStateException("release(" + frameNumber + ") without a matching hold in frame arenas '"
                + name + "': frame " + frameNumber + " has 0 holds");
    }

    private String liveFrames() {
        if (closed) {
            return "the frame arenas are closed";
        }
        long newest = frameNumber;
        if (newest == 0) {
            return "no frame has begun";
        }
        return "live frames are [" + Math.max(1, newest - arenas.length + 1) + ", " + newest + "]";
    }

    // =====================================================================================================
    // Stats
    // =====================================================================================================

    /**
     * Number of the current frame. Any thread; the value written by the last {@link #beginFrame()} that this
     * thread can see. O(1).
     *
     * @return 0 before the first {@link #beginFrame()}, then 1, 2, ...
     */
    public long frameNumber() {
        return frameNumber;
    }

    /**
     * Number of frame slots: how many frames' data is kept.
     *
     * @return the frame count, {@code >= 2}
     */
    public int frameCount() {
        return arenas.length;
    }

    /**
     * The name used in messages and JFR events.
     *
     * @return the name, never blank
     */
    public String name() {
        return name;
    }

    /**
     * How long {@link #beginFrame()} may wait for holds, set by {@link Builder#holdTimeout(Duration)}.
     *
     * @return the timeout, {@code >= 0}
     */
    public Duration holdTimeout() {
        return holdTimeout;
    }

    /**
     * Usage of the last {@value FrameStatsHistory#CAPACITY} completed frames, updated by each
     * {@link #beginFrame()}. Reading it allocates nothing.
     *
     * @return the history, the same object on every call
     */
    public FrameStatsHistory history() {
        return history;
    }

    /**
     * How long the {@link #beginFrame()} that started the current frame waited for holds. Owner thread (other
     * threads may see a stale value). O(1).
     *
     * @return the wait in nanoseconds; 0 if the reused frame was not held
     */
    public long waitNanos() {
        return waitNanos;
    }

    /**
     * Bytes used in the current frame so far, main and worker arenas together. Any thread; may be stale. O(1 +
     * workerCount).
     *
     * @return the sum of the current arenas' {@link MemoryArena#usedBytes()}; 0 before the first frame
     */
    public long usedBytes() {
        int slot = currentIndex;
        if (slot < 0) {
            return 0;
        }
        long sum = arenas[slot].usedBytes();
        for (MemoryArena job : workers[slot]) {
            sum += job.usedBytes();
        }
        return sum;
    }

    /**
     * Allocations in the current frame so far, main and worker arenas together. Any thread; may be stale.
     * O(1 + workerCount).
     *
     * @return the sum of the current arenas' {@link MemoryArena#allocationCount()}; 0 before the first frame
     */
    public long allocationCount() {
        int slot = currentIndex;
        if (slot < 0) {
            return 0;
        }
        long sum = arenas[slot].allocationCount();
        for (MemoryArena job : workers[slot]) {
            sum += job.allocationCount();
        }
        return sum;
    }

    /**
     * Native bytes reserved by all arenas together, workers included (caller-provided memory counts its size).
     * Any thread; may be stale. O(frameCount * (1 + workerCount)).
     *
     * @return the sum of the arenas' {@link MemoryArena#capacityBytes()}
     */
    public long capacityBytes() {
        long sum = 0;
        for (int i = 0; i < arenas.length; i++) {
            sum += arenas[i].capacityBytes();
            for (MemoryArena job : workers[i]) {
                sum += job.capacityBytes();
            }
        }
        return sum;
    }

    /**
     * Highest bytes used by any one frame slot so far: for each slot, the main arena's
     * {@link MemoryArena#peakBytes()} plus its workers' (each over all the frames the slot served, so an upper
     * bound when they peaked in different frames). Any thread; may be stale. O(frameCount * (1 + workerCount)).
     *
     * @return the largest slot peak in bytes
     */
    public long peakBytes() {
        long max = 0;
        for (int i = 0; i < arenas.length; i++) {
            long slot = arenas[i].peakBytes();
            for (MemoryArena job : workers[i]) {
                slot += job.peakBytes();
            }
            max = Math.max(max, slot);
        }
        return max;
    }

    /**
     * Growth events (blocks reserved after creation) of all arenas together, workers included. Any thread; may
     * be stale. O(frameCount * (1 + workerCount)).
     *
     * @return the sum of the arenas' {@link MemoryArena#growthCount()}
     */
    public long growthCount() {
        long sum = 0;
        for (int i = 0; i < arenas.length; i++) {
            sum += arenas[i].growthCount();
            for (MemoryArena job : workers[i]) {
                sum += job.growthCount();
            }
        }
        return sum;
    }

    /**
     * Whether {@link #close()} has completed. Any thread.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    // =====================================================================================================
    // Close
    // =====================================================================================================

    /**
     * Closes every arena, main and worker, freeing their native memory (caller-provided regions stay the caller's).
     * Waits like {@link #beginFrame()} while any live frame is held, so memory is never freed under a reader; a
     * hold taken afterwards throws {@link IllegalStateException}. Afterwards {@link #beginFrame()} and
     * {@link #worker(int)} throw {@link IllegalStateException}, and so does every method of the arenas that
     * allocates, resets or marks. Jobs must be done with their worker arenas. Idempotent: a second call does
     * nothing, on any thread. O(frameCount * (1 + workerCount)).
     *
     * @throws IllegalStateException   if a frame is still held after the hold timeout: the message names the frame
     *                                 and its hold count, and nothing was closed (call again once released)
     * @throws GuardViolationException if checked mode found an overrun (the first one; every arena is still
     *                                 closed)
     * @throws WrongThreadException    if not yet closed and this is not the owner thread
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("cannot close frame arenas '" + name + "' from thread '"
                    + Thread.currentThread().getName() + "': they are confined to '" + owner.getName() + "'");
        }
        long[] before = new long[arenas.length];
        for (int i = 0; i < arenas.length; i++) {
            int state = stateIndex(i);
            try {
                before[i] = (long) STATES.getVolatile(holdStates, state) & ~HOLD_MASK;
                awaitNoHolds(state, 0, 0); // frame number 0: no hold can succeed any more
            } catch (IllegalStateException e) {
                for (int j = 0; j < i; j++) {
                    STATES.setVolatile(holdStates, stateIndex(j), before[j]); // a 0 state cannot have changed
                }
                throw e;
            }
        }
        closed = true;
        for (int w = 0; w < claims.length; w++) {
            CLAIMS.setRelease(claims, w, (Thread) null);
        }
        for (MemoryArena[] jobs : workers) {
            for (MemoryArena job : jobs) {
                job.transferOwner(owner);
            }
        }
        RuntimeException first = closeAll(arenas, workers);
        if (first != null) {
            throw first;
        }
    }

    /** Closes every non-null arena; returns the first exception, or null. */
    private static RuntimeException closeAll(MemoryArena[] arenas, MemoryArena[][] workers) {
        RuntimeException first = null;
        for (int i = 0; i < arenas.length; i++) {
            MemoryArena[] group = Arrays.copyOf(workers[i], workers[i].length + 1);
            group[group.length - 1] = arenas[i];
            for (MemoryArena arena : group) {
                if (arena == null) {
                    continue;
                }
                try {
                    arena.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        return first;
    }

    private void checkOwnerAndOpen(String action) {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("cannot " + action + " on frame arenas '" + name + "' from thread '"
                    + Thread.currentThread().getName() + "': they are confined to '" + owner.getName() + "'");
        }
        if (closed) {
            throw new IllegalStateException("cannot " + action + " on frame arenas '" + name + "': they are closed");
        }
    }

    @Override
    public String toString() {
        return "FrameArenas[name=" + name + ", frames=" + arenas.length + ", workers=" + claims.length + ", frame="
                + frameNumber + "]";
    }

    // =====================================================================================================
    // Builder
    // =====================================================================================================

    /** Configures a {@link FrameArenas}. Each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private int frameCount = 2;
        private long blockSize = 1 << 20;
        private long workerBlockSize;
        private long maxBytes = Long.MAX_VALUE;
        private String name = "frame";
        private MemorySegment[] memory;
        private int workers;
        private MemorySegment[][] workerMemory; // [worker][frame slot], null entries for workers without
        private Duration holdTimeout = Duration.ofSeconds(10);
        private Boolean checked;
        private Boolean trackSites;

        private Builder() {}

        /**
         * Number of frame slots (frames whose data is kept), default 2. Ignored when {@link #frameMemory} is set.
         *
         * @param frameCount number of frames in flight, {@code >= 2}
         * @return this builder
         * @throws IllegalArgumentException if {@code frameCount < 2}
         */
        public Builder frameCount(int frameCount) {
            if (frameCount < 2) {
                throw new IllegalArgumentException("frameCount=" + frameCount + " must be >= 2");
            }
            this.frameCount = frameCount;
            return this;
        }

        /**
         * Bytes per block of each main arena, default 1 MiB, and of each worker arena unless
         * {@link #workerBlockSize} is set. Ignored for arenas over caller memory.
         *
         * @param blockSize bytes per block, {@code > 0} and {@code <= maxBytes}
         * @return this builder
         * @throws IllegalArgumentException if {@code blockSize <= 0}
         */
        public Builder blockSize(long blockSize) {
            this.blockSize = Checks.requirePositive("blockSize", blockSize);
            return this;
        }

        /**
         * Bytes per block of each worker arena, default the {@link #blockSize}. Ignored for workers over caller
         * memory.
         *
         * @param workerBlockSize bytes per block, {@code > 0} and {@code <= maxBytes}
         * @return this builder
         * @throws IllegalArgumentException if {@code workerBlockSize <= 0}
         */
        public Builder workerBlockSize(long workerBlockSize) {
            this.workerBlockSize = Checks.requirePositive("workerBlockSize", workerBlockSize);
            return this;
        }

        /**
         * Cap on the native bytes each arena (main or worker) may reserve, default unlimited: a per-frame budget,
         * within which a fresh frame serves any single request of up to {@code maxBytes} (see
         * {@link MemoryArena.Builder#maxBytes(long)}). Ignored for arenas over caller memory.
         *
         * @param maxBytes the cap per arena in bytes, {@code > 0} and {@code >= blockSize}
         * @return this builder
         * @throws IllegalArgumentException if {@code maxBytes <= 0}
         */
        public Builder maxBytes(long maxBytes) {
            this.maxBytes = Checks.requirePositive("maxBytes", maxBytes);
            return this;
        }

        /**
         * Name for messages and JFR events, default "frame"; the main arena of slot i is named {@code name[i]},
         * its worker w {@code name[i].workerW}.
         *
         * @param name the name, not blank
         * @return this builder
         * @throws IllegalArgumentException if null or blank
         */
        public Builder name(String name) {
            this.name = Checks.requireName(name);
            return this;
        }

        /**
         * Makes each frame's main arena allocate from one caller-provided region, for example the regions of a
         * persistently mapped GPU buffer: frame number {@code F} (counting from 1) uses
         * {@code regions[(F - 1) % regions.length]}, so vertex data is written once, straight into GPU-visible
         * memory. The arenas never grow or free this memory; a request that does not fit throws
         * {@link ArenaExhaustedException}. Sets frameCount to {@code regions.length} and overrides blockSize
         * and maxBytes for the main arenas.
         *
         * @param regions at least 2 non-empty native segments, which must stay valid until the arenas are closed
         *                (the array is copied)
         * @return this builder
         * @throws IllegalArgumentException if fewer than 2 regions, or any is null, not native or empty
         */
        public Builder frameMemory(MemorySegment... regions) {
            if (regions == null || regions.length < 2) {
                throw new IllegalArgumentException("regions=" + (regions == null ? "null" : regions.length + " regions")
                        + ": need at least 2 (one per frame in flight)");
            }
            requireNativeRegions(regions);
            this.memory = regions.clone();
            return this;
        }

        /**
         * Number of worker arenas per frame, default 0. Each is taken by one job thread per frame through
         * {@link FrameArenas#worker(int)}.
         *
         * @param workers the worker count, in [0, {@value FrameArenas#MAX_WORKERS}]
         * @return this builder
         * @throws IllegalArgumentException if {@code workers} is negative or above the maximum
         */
        public Builder workers(int workers) {
            if (workers < 0 || workers > MAX_WORKERS) {
                throw new IllegalArgumentException("workers=" + workers + " not in [0, " + MAX_WORKERS + "]");
            }
            this.workers = workers;
            return this;
        }

        /**
         * Makes worker {@code worker}'s arena allocate from caller-provided memory, one region per frame slot:
         * frame number {@code F} uses {@code regions[(F - 1) % regions.length]}, the same slot as the main arena.
         * With a persistently mapped GPU buffer split into per-frame regions, and each region split between the
         * main arena and the workers, jobs write vertices straight into GPU-visible memory. The arena never grows
         * or frees this memory; a request that does not fit throws {@link ArenaExhaustedException}. Workers
         * without caller memory reserve blocks as usual. Checked at {@link #build()}: {@code worker <}
         * {@link #workers(int) workers} and one region per frame slot.
         *
         * @param worker  the worker index, {@code >= 0}
         * @param regions one non-empty native segment per frame slot, valid until the arenas are closed (the
         *                array is copied)
         * @return this builder
         * @throws IllegalArgumentException if {@code worker < 0}, or {@code regions} is null or empty, or any
         *                                  region is null, not native or empty
         */
        public Builder workerFrameMemory(int worker, MemorySegment... regions) {
            if (worker < 0 || worker >= MAX_WORKERS) {
                throw new IllegalArgumentException("worker=" + worker + " not in [0, " + MAX_WORKERS + ")");
            }
            if (regions == null || regions.length == 0) {
                throw new IllegalArgumentException("regions=" + (regions == null ? "null" : "0 regions")
                        + ": need one per frame in flight");
            }
            requireNativeRegions(regions);
            if (workerMemory == null || workerMemory.length <= worker) {
                workerMemory = Arrays.copyOf(workerMemory == null ? new MemorySegment[0][] : workerMemory, worker + 1);
            }
            workerMemory[worker] = regions.clone();
            return this;
        }

        private static void requireNativeRegions(MemorySegment[] regions) {
            for (int i = 0; i < regions.length; i++) {
                MemorySegment r = regions[i];
                if (r == null || !r.isNative() || r.byteSize() == 0) {
                    throw new IllegalArgumentException("regions[" + i + "]=" + r + " must be a non-empty native segment");
                }
            }
        }

        /**
         * How long {@link FrameArenas#beginFrame()} (and {@code close()}) waits for the holds on a frame before
         * it throws, default 10 s. {@link Duration#ZERO} never waits: a held frame fails at once.
         *
         * @param holdTimeout the timeout, not negative
         * @return this builder
         * @throws IllegalArgumentException if null or negative
         */
        public Builder holdTimeout(Duration holdTimeout) {
            if (holdTimeout == null || holdTimeout.isNegative()) {
                throw new IllegalArgumentException("holdTimeout=" + holdTimeout + " must be >= 0");
            }
            this.holdTimeout = holdTimeout;
            return this;
        }

        /**
         * Turns checked mode on or off for every arena (workers included), overriding
         * {@code -Ddev.framealloc.checked}.
         *
         * @param checked true for checked mode
         * @return this builder
         */
        public Builder checked(boolean checked) {
            this.checked = checked;
            return this;
        }

        /**
         * In checked mode, records every allocation's stack frame for overrun reports (slow). Overrides
         * {@code -Ddev.framealloc.trackSites}.
         *
         * @param trackSites true to record allocation sites
         * @return this builder
         */
        public Builder trackAllocationSites(boolean trackSites) {
            this.trackSites = trackSites;
            return this;
        }

        /**
         * Builds the arenas, owned by the calling thread, reserving each arena's first block (none for arenas
         * over caller memory).
         *
         * @return the new frame arenas; call {@link FrameArenas#beginFrame()} before allocating
         * @throws IllegalArgumentException if {@code blockSize > maxBytes} (not checked with caller memory), or
         *                                  {@link #workerFrameMemory} names a worker outside [0, workers) or does
         *                                  not give one region per frame slot
         * @throws ArenaExhaustedException  if the first blocks cannot be reserved (the arenas already built are
         *                                  closed)
         */
        public FrameArenas build() {
            return new FrameArenas(this);
        }

        private void validateWorkerMemory(int slots) {
            if (workerMemory == null) {
                return;
            }
            for (int w = 0; w < workerMemory.length; w++) {
                MemorySegment[] regions = workerMemory[w];
                if (regions == null) {
                    continue;
                }
                if (w >= workers) {
                    throw new IllegalArgumentException("workerFrameMemory(worker=" + w + ") but workers=" + workers
                            + ": worker must be in [0, " + workers + ")");
                }
                if (regions.length != slots) {
                    throw new IllegalArgumentException("workerFrameMemory(worker=" + w + ") has " + regions.length
                            + " regions but frameCount=" + slots + ": give one region per frame slot");
                }
            }
        }

        private MemoryArena arena(String arenaName, MemorySegment region, long arenaBlockSize) {
            MemoryArena.Builder ab = MemoryArena.builder().name(arenaName);
            if (region != null) {
                ab.memory(region);
            } else {
                ab.blockSize(arenaBlockSize).maxBytes(maxBytes);
            }
            if (checked != null) {
                ab.checked(checked);
            }
            if (trackSites != null) {
                ab.trackAllocationSites(trackSites);
            }
            return ab.build();
        }
    }
}
