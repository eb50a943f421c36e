package dev.framealloc.memory;

/**
 * The statistics of the last {@link #CAPACITY} completed frames of a {@link FrameArenas}, in a ring buffer
 * that is written once per frame and read without allocating. Index 0 is the oldest recorded frame,
 * {@code size() - 1} the newest. Owned by the {@code FrameArenas}; reads from other threads may see a frame
 * being written.
 * <p>
 * A frame's figures cover all of its arenas: the main arena and, with {@link FrameArenas.Builder#workers(int)},
 * every worker arena. {@link #workerBytes(int)} and {@link #workerUsedBytes(int, int)} give the workers' part.
 */
public final class FrameStatsHistory {
    /** Number of frames kept. */
    public static final int CAPACITY = 256;
    private static final int MASK = CAPACITY - 1;

    private final long[] frameNumbers = new long[CAPACITY];
    private final long[] usedBytes = new long[CAPACITY];
    private final long[] peakBytes = new long[CAPACITY];
    private final long[] allocationCounts = new long[CAPACITY];
    private final long[] growthCounts = new long[CAPACITY];
    private final long[] waitNanos = new long[CAPACITY];
    private final long[] workerBytes = new long[CAPACITY];
    private final long[] workerUsed; // [slot * workerCount + worker]
    private final int workerCount;
    private long written;

    FrameStatsHistory(int workerCount) {
        this.workerCount = workerCount;
        this.workerUsed = new long[CAPACITY * workerCount];
    }

    /** Sets worker {@code worker}'s bytes of the entry that the next {@link #record} call completes. */
    void recordWorker(int worker, long used) {
        workerUsed[(int) (written & MASK) * workerCount + worker] = used;
    }

    void record(long frameNumber, long used, long peak, long allocations, long growth, long workers, long wait) {
        int i = (int) (written & MASK);
        frameNumbers[i] = frameNumber;
        usedBytes[i] = used;
        peakBytes[i] = peak;
        allocationCounts[i] = allocations;
        growthCounts[i] = growth;
        workerBytes[i] = workers;
        waitNanos[i] = wait;
        written++;
    }

    /**
     * Number of frames recorded. O(1).
     *
     * @return the number of entries, in [0, {@link #CAPACITY}]
     */
    public int size() {
        return (int) Math.min(written, CAPACITY);
    }

    /**
     * Frame number of entry {@code index}. O(1).
     *
     * @param index entry index, in [0, {@link #size()}); 0 is the oldest
     * @return the frame's {@link FrameArenas#frameNumber()}, {@code >= 1}
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, size())
     */
    public long frameNumber(int index) {
        return frameNumbers[slot(index)];
    }

    /**
     * Bytes in use when the frame ended, in the main arena and every worker arena together. O(1).
     *
     * @param index entry index, in [0, {@link #size()}); 0 is the oldest
     * @return the sum of the frame's arenas' {@link MemoryArena#usedBytes()} at the frame's end
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, size())
     */
    public long usedBytes(int index) {
        return usedBytes[slot(index)];
    }

    /**
     * Most bytes in use during the frame: the sum of each of its arenas' peak (main and workers), which marks and
     * scopes may have lowered again before the frame ended. O(1).
     *
     * @param index entry index, in [0, {@link #size()}); 0 is the oldest
     * @return the frame's peak usage in bytes
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, size())
     */
    public long peakBytes(int index) {
        return peakBytes[slot(index)];
    }

    /**
     * Allocations made in the frame, in the main arena and every worker arena. O(1).
     *
     * @param index entry index, in [0, {@link #size()}); 0 is the oldest
     * @return the number of allocations
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, size())
     */
    public long allocationCount(int index) {
        return allocationCounts[slot(index)];
    }

    /**
     * Blocks reserved during the frame (growth events), by the main arena and every worker arena. O(1).
     *
     * @param index entry index, in [0, {@link #size()}); 0 is the oldest
     * @return the number of growth events; 0 once warmed up
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, size())
     */
    public long growthCount(int index) {
        return growthCounts[slot(index)];
    }

    /**
     * How long the {@link FrameArenas#beginFrame()} that started the frame waited for the holds on the memory
     * it reused ({@link FrameArenas#hold(long)}). O(1).
     *
     * @param index entry index, in [0, {@link #size()}); 0 is the oldest
     * @return the wait in nanoseconds; 0 when no frame was held
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, size())
     */
    public long waitNanos(int index) {
        return waitNanos[slot(index)];
    }

    /**
     * Bytes in use in the frame's worker arenas together when the frame ended; {@code usedBytes(index) -
     * workerBytes(index)} is the main arena's part. O(1).
     *
     * @param index entry index, in [0, {@link #size()}); 0 is the oldest
     * @return the workers' bytes; 0 without workers
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, size())
     */
    public long workerBytes(int index) {
        return workerBytes[slot(index)];
    }

    /**
     * Bytes in use in one worker's arena when the frame ended. O(1).
     *
     * @param index  entry index, in [0, {@link #size()}); 0 is the oldest
     * @param worker worker index, in [0, {@link #workerCount()})
     * @return the worker arena's {@link MemoryArena#usedBytes()} at the frame's end
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, size()) or {@code worker} is not in
     *                                   [0, workerCount())
     */
    public long workerUsedBytes(int index, int worker) {
        int slot = slot(index);
        if (worker < 0 || worker >= workerCount) {
            throw new IndexOutOfBoundsException("worker=" + worker + " not in [0, " + workerCount + ")");
        }
        return workerUsed[slot * workerCount + worker];
    }

    /**
     * Number of workers per frame, as built with {@link FrameArenas.Builder#workers(int)}.
     *
     * @return the worker count, {@code >= 0}
     */
    public int workerCount() {
        return workerCount;
    }

    /**
     * Largest {@link #usedBytes(int)} over the recorded frames. O(size()), allocation-free.
     *
     * @return the maximum in bytes; 0 when empty
     */
    public long maxUsedBytes() {
        long max = 0;
        for (int i = 0, n = size(); i < n; i++) {
            max = Math.max(max, usedBytes(i));
        }
        return max;
    }

    /**
     * Copies {@link #usedBytes(int)} of every recorded frame, oldest first, into {@code dest}. O(copied),
     * allocation-free.
     *
     * @param dest the array to fill from index 0; entries past the returned count are left alone
     * @return the number of values copied, {@code min(size(), dest.length)} (the newest ones if dest is short)
     * @throws IllegalArgumentException if {@code dest} is null
     */
    public int copyUsedBytes(long[] dest) {
        if (dest == null) {
            throw new IllegalArgumentException("dest=null");
        }
        int n = Math.min(size(), dest.length);
        int first = size() - n;
        for (int i = 0; i < n; i++) {
            dest[i] = usedBytes(first + i);
        }
        return n;
    }

    private int slot(int index) {
        int size = size();
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index=" + index + " not in [0, " + size + ")");
        }
        return (int) ((written - size + index) & MASK);
    }
}
