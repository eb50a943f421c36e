package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.memory.SlabAllocator;

/**
 * Where one frame's vertex data lives: each implementation is one contestant of the frame-loop benchmark. A frame
 * calls {@link #beginFrame(long)}, {@link #fill(SlabAllocator)} and {@link #endFrame()} in that order; like the
 * demo's frame arenas, every source keeps the previous frame's vertex data valid (two frames in flight) and
 * releases it one frame later.
 */
abstract class VertexSource implements AutoCloseable {
    /** Frames whose vertex data is kept, like {@code FrameArenas} with {@code frameCount(2)}. */
    static final int FRAMES_IN_FLIGHT = 2;

    /** Short id for results and charts. */
    abstract String id();

    /** What the source does, for the report's table. */
    abstract String label();

    /** Gets memory for {@code bytes} bytes of this frame's vertices (part of the frame time, not of the fill). */
    abstract void beginFrame(long bytes);

    /**
     * Writes the vertices of every live particle of {@code slab} into this frame's memory, ending with the bytes in
     * native memory that a GPU upload could read (the fill that the bandwidth is measured on).
     *
     * @return vertex bytes written
     */
    abstract long fill(SlabAllocator slab);

    /** Ends the frame: the data of the frame before the previous one may be released. */
    abstract void endFrame();

    /** Frees whatever the source still holds. */
    @Override
    public abstract void close();

    /**
     * The source with the given id.
     *
     * @param maxBytes the most vertex bytes a frame can need (sizes the persistent buffers of the sources that have any)
     * @throws IllegalArgumentException for an unknown id
     */
    static VertexSource create(String id, long maxBytes) {
        return switch (id) {
            case FrameArenaSource.ID -> new FrameArenaSource();
            case DirectBufferSource.ID -> new DirectBufferSource();
            case MallocSource.ID -> new MallocSource();
            case HeapArraySource.ID -> new HeapArraySource(maxBytes);
            default -> throw new IllegalArgumentException("variant=" + id + " is not one of " + String.join(", ", IDS));
        };
    }

    /** The ids in run order: (a) to (d) of the issue. */
    static final String[] IDS = {FrameArenaSource.ID, DirectBufferSource.ID, MallocSource.ID, HeapArraySource.ID};
}
