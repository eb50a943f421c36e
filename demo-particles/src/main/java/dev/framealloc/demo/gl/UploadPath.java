package dev.framealloc.demo.gl;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;

/**
 * How the frame arenas' vertex data reaches the GPU. An upload path owns one GL buffer per vertex stream that the
 * renderer's vertex arrays read, and decides where the frame arenas' memory lives: {@link #configure} sets up a
 * {@link FrameArenas.Builder} (the mapped path puts the main arena and every walker's vertex arena of each frame in
 * regions of one persistently mapped GPU buffer), and the loop thread builds the arenas and {@link #attach}es them.
 * <p>
 * Per frame: {@link #beginFrame()} on the loop thread (or, with a render thread, {@code frames.beginFrame()} there,
 * which waits for the render thread's holds instead, and {@link #beginRender(long)} on the render thread), allocate
 * and write vertex data, {@link #upload} each part of each stream, draw, then {@link #endFrame()} after the last draw
 * call that reads this frame's data and, with a render thread, {@link #awaitGpu()} before releasing the frame. GL
 * calls happen on the thread whose context is current; all of it is allocation-free on the heap.
 */
public interface UploadPath extends AutoCloseable {
    /** Stream of particle vertices. */
    int PARTICLES = 0;
    /** Stream of overlay quads. */
    int OVERLAY = 1;
    /** Number of streams. */
    int STREAMS = 2;

    /** Short name for the overlay and logs: {@code "subdata"} or {@code "mapped"}. */
    String name();

    /**
     * Sets up the memory of frame arenas for this path: frame count, the main arena's memory or block size, and the
     * worker arenas' (walker {@code i}'s vertices in worker {@code i}, its expired list in worker
     * {@code walkers + i}). The caller adds name and checked mode and builds them on the loop thread.
     *
     * @param builder a fresh builder
     * @return {@code builder}
     */
    FrameArenas.Builder configure(FrameArenas.Builder builder);

    /** Hands over the frame arenas built from {@link #configure}: {@link #beginFrame()} begins their frames. */
    void attach(FrameArenas frames);

    /**
     * Starts a frame on the loop thread when it also renders: makes sure the GPU no longer reads the memory that is
     * about to be reused, then calls {@link FrameArenas#beginFrame()}.
     *
     * @return the frame's main arena
     */
    MemoryArena beginFrame();

    /**
     * Starts rendering frame {@code frameNumber} on a render thread, whose frame the loop thread has begun (and
     * holds for the render thread). Allocation-free.
     */
    void beginRender(long frameNumber);

    /** The GL buffer object that vertices of {@code stream} are read from. */
    int buffer(int stream);

    /**
     * Makes {@code byteSize} bytes at {@code address}, allocated from the current frame's arenas, one part of the
     * data of {@code stream} for this frame's draw calls. Parts of one stream uploaded in one frame may be drawn
     * separately; each upload returns where its part starts.
     *
     * @param stream      {@link #PARTICLES} or {@link #OVERLAY}
     * @param address     native address of the data in the current frame's arenas
     * @param byteSize    bytes of data, a multiple of {@code vertexBytes}
     * @param vertexBytes bytes per vertex
     * @return index of the part's first vertex in {@link #buffer(int) buffer(stream)}, for {@code glDrawArrays}'s
     *         {@code first} or {@code glDrawElementsBaseVertex}'s {@code basevertex}
     */
    int upload(int stream, long address, long byteSize, int vertexBytes);

    /** Ends the frame after its last draw call that reads the uploaded data. */
    void endFrame();

    /**
     * Waits until the GPU has read everything the last {@link #endFrame()}'s frame uploaded, so that frame's memory
     * may be reused: the mapped path waits for the frame's fence; the sub-data path returns at once (the driver
     * copied the data at upload).
     */
    void awaitGpu();

    /** Deletes the GL objects (after the frame arenas over this path's memory were closed). */
    @Override
    void close();
}
