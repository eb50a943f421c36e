package dev.framealloc.demo.stats;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.SlabAllocator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One row of statistics per frame, kept in preallocated primitive columns so {@link #record} allocates nothing,
 * and written as CSV at exit ({@code --stats-out}). When more frames are recorded than the capacity, the oldest
 * rows are overwritten: the log keeps the last {@code capacity} frames.
 * <p>
 * CSV columns, in this order ({@link #HEADER}):
 * <ol>
 * <li>{@code frame}: frame number, from 1;</li>
 * <li>{@code frame_ms}: wall time of the frame's work, milliseconds;</li>
 * <li>{@code arena_used_bytes}: bytes used in the frame's arena at the end of the frame;</li>
 * <li>{@code arena_peak_bytes}: most bytes any frame has used so far;</li>
 * <li>{@code arena_allocations}: allocations in the frame's arena;</li>
 * <li>{@code arena_growth}: growth events of all frame arenas so far (cumulative);</li>
 * <li>{@code slab_live}: live particles (slab slots) at the end of the frame;</li>
 * <li>{@code heap_bytes}: heap bytes the loop thread allocated during the frame;</li>
 * <li>{@code gc_count}: garbage collections so far;</li>
 * <li>{@code arena_capacity_bytes}: native bytes reserved by all frame arenas;</li>
 * <li>{@code expired}: particles whose lifetime ended in the frame (drawn transparent, counted in
 *     {@code slab_live}, freed in the next frame); their list takes 16 arena bytes each;</li>
 * <li>then one {@code heap_bytes_NAME} column per other loop thread named at construction (walker threads, the
 *     render thread): heap bytes that thread allocated for the frame.</li>
 * </ol>
 * {@code arena_used_bytes} is the main and worker arenas together: in the demo, 16 bytes per live particle (its
 * vertex), 16 per expired particle, and the overlay's bytes.
 * <p>
 * Confined to one thread, except {@link #threadHeapBytes(long, int, long)}, which other threads may call for
 * their own column (see there).
 */
public final class FrameStatsLog {
    /** The CSV header line. */
    public static final String HEADER = "frame,frame_ms,arena_used_bytes,arena_peak_bytes,arena_allocations,"
            + "arena_growth,slab_live,heap_bytes,gc_count,arena_capacity_bytes,expired";
    /** Rows kept when the run length is unknown. */
    public static final int DEFAULT_CAPACITY = 1 << 16;
    private static final double MICROS_PER_MILLI = 1000.0;

    private final int capacity;
    private final long[] frame;
    private final double[] frameMs;
    private final long[] arenaUsed;
    private final long[] arenaPeak;
    private final long[] arenaAllocations;
    private final long[] arenaGrowth;
    private final long[] slabLive;
    private final long[] heapBytes;
    private final long[] gcCount;
    private final long[] arenaCapacity;
    private final long[] expired;
    private final String[] threadNames;
    private final long[][] threadHeap;
    private long recorded;

    /**
     * Creates an empty log.
     *
     * @param capacity rows kept, {@code > 0}
     * @throws IllegalArgumentException if {@code capacity <= 0}
     */
    public FrameStatsLog(int capacity) {
        this(capacity, new String[0]);
    }

    /**
     * Creates an empty log with a heap-bytes column per other loop thread, {@code heap_bytes_NAME}, after
     * {@link #HEADER}'s columns.
     *
     * @param capacity    rows kept, {@code > 0}
     * @param threadNames the threads' names in the header, in column order
     * @throws IllegalArgumentException if {@code capacity <= 0}
     */
    public FrameStatsLog(int capacity, String[] threadNames) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be > 0");
        }
        this.threadNames = threadNames.clone();
        this.threadHeap = new long[threadNames.length][capacity];
        expired = new long[capacity];
        this.capacity = capacity;
        frame = new long[capacity];
        frameMs = new double[capacity];
        arenaUsed = new long[capacity];
        arenaPeak = new long[capacity];
        arenaAllocations = new long[capacity];
        arenaGrowth = new long[capacity];
        slabLive = new long[capacity];
        heapBytes = new long[capacity];
        gcCount = new long[capacity];
        arenaCapacity = new long[capacity];
    }

    /** A log sized for a run of {@code frames} frames, or {@link #DEFAULT_CAPACITY} when {@code frames} is 0. */
    public static FrameStatsLog forFrames(long frames) {
        return forFrames(frames, new String[0]);
    }

    /** {@link #forFrames(long)} with a heap-bytes column per other loop thread. */
    public static FrameStatsLog forFrames(long frames, String[] threadNames) {
        return new FrameStatsLog(frames <= 0 ? DEFAULT_CAPACITY : (int) Math.min(frames, Integer.MAX_VALUE - 8),
                threadNames);
    }

    /**
     * Records the frame that is ending: reads the frame arenas' and the slab's counters. Allocation-free.
     *
     * @param frames    the frame arenas, after this frame's allocations
     * @param slab      the particle slab
     * @param frameMs   the frame's wall time, milliseconds
     * @param heapBytes heap bytes the loop thread allocated in this frame
     * @param gcCount   garbage collections so far
     * @param expired   particles whose lifetime ended in this frame
     */
    public void record(FrameArenas frames, SlabAllocator slab, double frameMs, long heapBytes, long gcCount,
                       long expired) {
        record(frames.frameNumber(), frameMs, frames.usedBytes(), frames.peakBytes(), frames.allocationCount(),
                frames.growthCount(), slab.liveCount(), heapBytes, gcCount, frames.capacityBytes(), expired);
    }

    /** Records one row from raw values (see the class doc for each column), with no expired particles. */
    public void record(long frameNumber, double ms, long usedBytes, long peakBytes, long allocations, long growth,
                       long live, long heap, long gcs, long capacityBytes) {
        record(frameNumber, ms, usedBytes, peakBytes, allocations, growth, live, heap, gcs, capacityBytes, 0);
    }

    /** Records one row from raw values (see the class doc for each column). Allocation-free. */
    public void record(long frameNumber, double ms, long usedBytes, long peakBytes, long allocations, long growth,
                       long live, long heap, long gcs, long capacityBytes, long expiredParticles) {
        int row = (int) (recorded % capacity);
        expired[row] = expiredParticles;
        frame[row] = frameNumber;
        frameMs[row] = ms;
        arenaUsed[row] = usedBytes;
        arenaPeak[row] = peakBytes;
        arenaAllocations[row] = allocations;
        arenaGrowth[row] = growth;
        slabLive[row] = live;
        heapBytes[row] = heap;
        gcCount[row] = gcs;
        arenaCapacity[row] = capacityBytes;
        recorded++;
    }

    /**
     * Sets thread column {@code column}'s heap bytes for frame {@code frame}. Frames must be recorded as 1, 2, 3, ...
     * (as {@code FrameArenas} numbers them); the value lands in that frame's row whether {@link #record} has
     * written the row's other columns yet or not, so another thread may call it for its own column, for example the
     * render thread once it has drawn the frame. Each column belongs to one thread; the log must be read after that
     * thread's last call is visible (a join). Allocation-free.
     *
     * @param frame  the frame number, {@code >= 1}
     * @param column the column, in the order of the names given at construction
     * @param bytes  heap bytes that thread allocated for the frame
     * @throws IndexOutOfBoundsException if {@code column} is out of range
     */
    public void threadHeapBytes(long frame, int column, long bytes) {
        threadHeap[column][(int) ((frame - 1) % capacity)] = bytes;
    }

    /** Thread column {@code column}'s heap bytes in row {@code i}. */
    public long threadHeapBytes(int i, int column) {
        return threadHeap[column][slot(i)];
    }

    /** Thread columns. */
    public int threadColumns() {
        return threadNames.length;
    }

    /** Particles whose lifetime ended in row {@code i}'s frame. */
    public long expired(int i) {
        return expired[slot(i)];
    }

    /** Rows held: at most the capacity. */
    public int size() {
        return (int) Math.min(recorded, capacity);
    }

    /** Rows recorded in total, including overwritten ones. */
    public long recorded() {
        return recorded;
    }

    /** Row {@code i} of the held rows, 0 = oldest, as an index into the columns. */
    private int slot(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("row=" + i + " not in [0, size=" + size() + ")");
        }
        return (int) ((recorded - size() + i) % capacity);
    }

    /** Frame number of row {@code i} (0 = oldest held). */
    public long frame(int i) {
        return frame[slot(i)];
    }

    /** Frame time of row {@code i}, ms. */
    public double frameMs(int i) {
        return frameMs[slot(i)];
    }

    /** Arena bytes used in row {@code i}. */
    public long arenaUsedBytes(int i) {
        return arenaUsed[slot(i)];
    }

    /** Peak arena bytes so far at row {@code i}. */
    public long arenaPeakBytes(int i) {
        return arenaPeak[slot(i)];
    }

    /** Arena allocations in row {@code i}. */
    public long arenaAllocations(int i) {
        return arenaAllocations[slot(i)];
    }

    /** Cumulative arena growth events at row {@code i}. */
    public long arenaGrowth(int i) {
        return arenaGrowth[slot(i)];
    }

    /** Live particles in row {@code i}. */
    public long slabLive(int i) {
        return slabLive[slot(i)];
    }

    /** Loop-thread heap bytes allocated in row {@code i}. */
    public long heapBytes(int i) {
        return heapBytes[slot(i)];
    }

    /** Garbage collections so far at row {@code i}. */
    public long gcCount(int i) {
        return gcCount[slot(i)];
    }

    /** Native bytes reserved by the frame arenas at row {@code i}. */
    public long arenaCapacityBytes(int i) {
        return arenaCapacity[slot(i)];
    }

    /**
     * Writes the held rows as CSV, oldest first, with {@link #HEADER} as the first line; creates missing parent
     * directories. Allocates: call it at exit.
     *
     * @throws IOException if the file cannot be written
     */
    public void writeCsv(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(path)) {
            out.write(HEADER);
            for (String name : threadNames) {
                out.write(",heap_bytes_" + name);
            }
            out.newLine();
            StringBuilder line = new StringBuilder(128);
            for (int i = 0; i < size(); i++) {
                int s = slot(i);
                line.setLength(0);
                line.append(frame[s]).append(',')
                        .append(Math.round(frameMs[s] * MICROS_PER_MILLI) / MICROS_PER_MILLI).append(',')
                        .append(arenaUsed[s]).append(',')
                        .append(arenaPeak[s]).append(',')
                        .append(arenaAllocations[s]).append(',')
                        .append(arenaGrowth[s]).append(',')
                        .append(slabLive[s]).append(',')
                        .append(heapBytes[s]).append(',')
                        .append(gcCount[s]).append(',')
                        .append(arenaCapacity[s]).append(',')
                        .append(expired[s]);
                for (long[] column : threadHeap) {
                    line.append(',').append(column[s]);
                }
                out.append(line);
                out.newLine();
            }
        }
    }
}
