package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.demo.sim.VertexMemory;

/**
 * Where one frame's vertex data lives: each implementation is one contestant of the frame-loop benchmark. A frame
 * calls {@link #beginFrame()}, then the demo's {@code FrameStep} asks {@link #allocate(long)} once for exactly the
 * frame's vertex bytes and writes them while it simulates, then {@link #endFrame()}. Like the demo's frame arenas,
 * every source keeps the previous frame's vertex data valid (two frames in flight) and releases it one frame later.
 */
abstract class VertexSource implements VertexMemory, AutoCloseable {
    /** Frames whose vertex data is kept, like {@code FrameArenas} with {@code frameCount(2)}. */
    static final int FRAMES_IN_FLIGHT = 2;

    /** Short id for results and charts. */
    abstract String id();

    /** What the source does, for the report's table. */
    abstract String label();

    /** Starts a frame (the frame arena's {@code beginFrame}; nothing for the others). */
    abstract void beginFrame();

    /** Native memory for {@code bytes} bytes of this frame's vertices, aligned to 16. */
    @Override
    public abstract long allocate(long bytes);

    /** Ends the frame: the data of the frame before the previous one may be released. */
    abstract void endFrame();

    /** Frees whatever the source still holds. */
    @Override
    public abstract void close();

    /**
     * The source with the given id.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    static VertexSource create(String id) {
        return switch (id) {
            case FrameArenaSource.ID -> new FrameArenaSource();
            case DirectBufferSource.ID -> new DirectBufferSource();
            case MallocSource.ID -> new MallocSource();
            default -> throw new IllegalArgumentException("variant=" + id + " is not one of " + String.join(", ", IDS));
        };
    }

    /** The ids in run order: (a) to (c). */
    static final String[] IDS = {FrameArenaSource.ID, DirectBufferSource.ID, MallocSource.ID};
}
