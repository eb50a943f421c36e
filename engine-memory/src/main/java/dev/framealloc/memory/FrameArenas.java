package dev.framealloc.memory;

import dev.framealloc.memory.internal.Checks;
import dev.framealloc.memory.internal.FrameArenaEvent;

import java.lang.foreign.MemorySegment;

/**
 * Per-frame arenas, N-buffered: each frame allocates from its own {@link MemoryArena}, which is reset when it
 * comes round again {@code frameCount} frames later.
 *
 * <h2>The frame rule</h2>
 * {@link #beginFrame()} advances the frame counter, resets the arena whose data is now {@code frameCount} frames
 * old and returns it. With 2 arenas, data allocated in frame F stays valid and untouched through frame F+1
 * (while a render thread or the GPU reads it) and is reused in frame F+2. With 3, it stays valid through F+2.
 * <p>
 * Each arena grows like any {@code MemoryArena} and consolidates at its next reset, so after warm-up every
 * frame runs in one contiguous block with no growth. {@link #history()} keeps the last 256 frames' usage for
 * overlays and budget sizing, readable without allocating. Every completed frame also emits the JFR event
 * {@code dev.framealloc.FrameArena} when a recording enables it.
 *
 * <h2>Threads</h2>
 * {@code beginFrame}, allocation and {@code close} are confined to the owner thread, the one that built the
 * instance. Other threads may read the previous frames' memory, ordered by the caller's frame handoff.
 *
 * <h2>Example</h2>
 * {@snippet :
 * try (FrameArenas frames = FrameArenas.create(2, 4 << 20)) {
 *     while (running) {
 *         MemoryArena frame = frames.beginFrame();        // O(1): resets the arena of frame F-2
 *         long vertices = frame.allocateAddress(bytes, 16);
 *         writeVertices(vertices);
 *         nglBufferSubData(GL_ARRAY_BUFFER, 0, bytes, vertices);
 *     }
 * }
 * }
 */
public final class FrameArenas implements AutoCloseable {
    private final Thread owner;
    private final String name;
    private final MemoryArena[] arenas;
    private final FrameStatsHistory history = new FrameStatsHistory();
    private int currentIndex = -1;
    private long frameNumber;
    private long growthAtFrameStart;
    private boolean closed;

    private FrameArenas(Builder b) {
        this.owner = Thread.currentThread();
        this.name = b.name;
        int n = b.memory != null ? b.memory.length : b.frameCount;
        this.arenas = new MemoryArena[n];
        try {
            for (int i = 0; i < n; i++) {
                MemoryArena.Builder ab = MemoryArena.builder().name(name + "[" + i + "]");
                if (b.memory != null) {
                    ab.memory(b.memory[i]);
                } else {
                    ab.blockSize(b.blockSize).maxBytes(b.maxBytes);
                }
                if (b.checked != null) {
                    ab.checked(b.checked);
                }
                if (b.trackSites != null) {
                    ab.trackAllocationSites(b.trackSites);
                }
                arenas[i] = ab.build();
            }
        } catch (RuntimeException e) {
            for (MemoryArena arena : arenas) {
                if (arena != null) {
                    arena.close();
                }
            }
            throw e;
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
     * Returns a builder with the defaults: 2 frames, 1 MiB blocks, no cap, name "frame", checked mode and site
     * tracking from the system properties.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the next frame: advances {@link #frameNumber()}, resets the arena last used {@code frameCount}
     * frames ago and returns it as {@link #current()}. The frame that just ended is recorded in
     * {@link #history()} and, when a recording enables it, as a JFR event. The reset has the effects of
     * {@link MemoryArena#reset()}: every segment of the reused frame ends, and the arena consolidates if it grew.
     * O(1) and allocation-free after warm-up (checked mode: O(allocations of the reused frame)).
     *
     * @return the arena for this frame; memory allocated from it stays valid until the {@code frameCount}-th
     *         {@code beginFrame()} after this one (or {@link #close()})
     * @throws GuardViolationException if checked mode found an overrun in the reused frame (the frame has still begun)
     * @throws ArenaExhaustedException if consolidating the reused arena could not reserve memory (the frame has
     *                                 still begun; the arena reserves memory again on demand)
     * @throws IllegalStateException   if closed
     * @throws WrongThreadException    if called from a thread other than the owner
     */
    public MemoryArena beginFrame() {
        checkOwnerAndOpen("beginFrame");
        if (frameNumber > 0) {
            recordEndedFrame();
        }
        int next = currentIndex + 1;
        if (next == arenas.length) {
            next = 0;
        }
        MemoryArena arena = arenas[next];
        currentIndex = next;
        frameNumber++;
        growthAtFrameStart = arena.growthCount();
        arena.resetForFrame(frameNumber);
        return arena;
    }

    private void recordEndedFrame() {
        MemoryArena ended = arenas[currentIndex];
        long used = ended.usedBytes();
        long peak = ended.windowPeakBytes();
        long allocations = ended.allocationCount();
        long growth = ended.growthCount() - growthAtFrameStart;
        history.record(frameNumber, used, peak, allocations, growth);
        FrameArenaEvent.emit(name, frameNumber, used, peak, allocations, growth);
    }

    /**
     * The arena of the current frame. Any thread (unsynchronized: ordered by the caller's frame handoff). O(1).
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
     * The arena of the previous frame, whose data is still valid (an empty arena before the second frame).
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
     * The arena used {@code framesAgo} frames ago (0 is the current frame); its data is still valid. Any thread
     * (unsynchronized). O(1).
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

    /**
     * Number of the current frame. Any thread; may be stale. O(1).
     *
     * @return 0 before the first {@link #beginFrame()}, then 1, 2, ...
     */
    public long frameNumber() {
        return frameNumber;
    }

    /**
     * Number of arenas: how many frames' data is kept.
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
     * Usage of the last {@value FrameStatsHistory#CAPACITY} completed frames, updated by each
     * {@link #beginFrame()}. Reading it allocates nothing.
     *
     * @return the history, the same object on every call
     */
    public FrameStatsHistory history() {
        return history;
    }

    /**
     * Bytes used in the current frame so far. Any thread; may be stale. O(1).
     *
     * @return the current arena's {@link MemoryArena#usedBytes()}; 0 before the first frame
     */
    public long usedBytes() {
        return currentIndex < 0 ? 0 : arenas[currentIndex].usedBytes();
    }

    /**
     * Allocations in the current frame so far. Any thread; may be stale. O(1).
     *
     * @return the current arena's {@link MemoryArena#allocationCount()}; 0 before the first frame
     */
    public long allocationCount() {
        return currentIndex < 0 ? 0 : arenas[currentIndex].allocationCount();
    }

    /**
     * Native bytes reserved by all arenas together. Any thread; may be stale. O(frameCount).
     *
     * @return the sum of the arenas' {@link MemoryArena#capacityBytes()}
     */
    public long capacityBytes() {
        long sum = 0;
        for (MemoryArena arena : arenas) {
            sum += arena.capacityBytes();
        }
        return sum;
    }

    /**
     * Highest bytes used by any one frame so far. Any thread; may be stale. O(frameCount).
     *
     * @return the largest of the arenas' {@link MemoryArena#peakBytes()}
     */
    public long peakBytes() {
        long max = 0;
        for (MemoryArena arena : arenas) {
            max = Math.max(max, arena.peakBytes());
        }
        return max;
    }

    /**
     * Growth events (blocks reserved after creation) of all arenas together. Any thread; may be stale.
     * O(frameCount).
     *
     * @return the sum of the arenas' {@link MemoryArena#growthCount()}
     */
    public long growthCount() {
        long sum = 0;
        for (MemoryArena arena : arenas) {
            sum += arena.growthCount();
        }
        return sum;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes every arena, freeing their native memory (caller-provided regions stay the caller's). Afterwards
     * {@link #beginFrame()} throws {@link IllegalStateException}, and so does every method of the arenas that
     * allocates, resets or marks. Idempotent: a second call does nothing, on any thread.
     *
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
        closed = true;
        RuntimeException first = null;
        for (MemoryArena arena : arenas) {
            try {
                arena.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
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
        return "FrameArenas[name=" + name + ", frames=" + arenas.length + ", frame=" + frameNumber + "]";
    }

    /** Configures a {@link FrameArenas}. Each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private int frameCount = 2;
        private long blockSize = 1 << 20;
        private long maxBytes = Long.MAX_VALUE;
        private String name = "frame";
        private MemorySegment[] memory;
        private Boolean checked;
        private Boolean trackSites;

        private Builder() {}

        /**
         * Number of arenas (frames whose data is kept), default 2. Ignored when {@link #frameMemory} is set.
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
         * Bytes per block of each arena, default 1 MiB. Ignored when {@link #frameMemory} is set.
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
         * Cap on the native bytes each arena may reserve, default unlimited: a per-frame budget, within which a
         * fresh frame serves any single request of up to {@code maxBytes} (see
         * {@link MemoryArena.Builder#maxBytes(long)}). Ignored when {@link #frameMemory} is set.
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
         * Name for messages and JFR events, default "frame"; arena i is named {@code name[i]}.
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
         * Makes each frame's arena allocate from one caller-provided region, for example the regions of a
         * persistently mapped GPU buffer: frame number {@code F} (counting from 1) uses
         * {@code regions[(F - 1) % regions.length]}, so vertex data is written once, straight into GPU-visible
         * memory. The arenas never grow or free this memory; a request that does not fit throws
         * {@link ArenaExhaustedException}. Sets frameCount to {@code regions.length} and overrides blockSize
         * and maxBytes.
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
            for (int i = 0; i < regions.length; i++) {
                MemorySegment r = regions[i];
                if (r == null || !r.isNative() || r.byteSize() == 0) {
                    throw new IllegalArgumentException("regions[" + i + "]=" + r + " must be a non-empty native segment");
                }
            }
            this.memory = regions.clone();
            return this;
        }

        /**
         * Turns checked mode on or off for every arena, overriding {@code -Ddev.framealloc.checked}.
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
         * Builds the arenas, owned by the calling thread, reserving each arena's first block (none with
         * {@link #frameMemory}).
         *
         * @return the new frame arenas; call {@link FrameArenas#beginFrame()} before allocating
         * @throws IllegalArgumentException if {@code blockSize > maxBytes} (not checked with frame memory)
         * @throws ArenaExhaustedException  if the first blocks cannot be reserved (the arenas already built are
         *                                  closed)
         */
        public FrameArenas build() {
            return new FrameArenas(this);
        }
    }
}
