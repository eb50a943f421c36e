package dev.framealloc.demo.gl;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;

/**
 * How the frame arena's vertex data reaches the GPU. An upload path owns the {@link FrameArenas} (the mapped path
 * builds them over GPU-visible memory) and one GL buffer per vertex stream that the renderer's vertex arrays read.
 * <p>
 * Per frame, on the loop thread: {@link #beginFrame()} (instead of {@code frames.beginFrame()}), allocate and
 * write vertex data in the returned arena, {@link #upload} each stream, draw, then {@link #endFrame()} after the
 * last draw call that reads this frame's data. All of it is allocation-free on the heap.
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

    /** The frame arenas whose current arena holds this frame's vertex data. */
    FrameArenas frames();

    /**
     * Starts a frame: makes sure the GPU no longer reads the memory that is about to be reused, then calls
     * {@link FrameArenas#beginFrame()}.
     *
     * @return the frame's arena
     */
    MemoryArena beginFrame();

    /** The GL buffer object that vertices of {@code stream} are read from. */
    int buffer(int stream);

    /**
     * Makes {@code byteSize} bytes at {@code address}, allocated from the current frame arena, the data of
     * {@code stream} for this frame's draw calls.
     *
     * @param stream      {@link #PARTICLES} or {@link #OVERLAY}
     * @param address     native address of the data in the current frame arena
     * @param byteSize    bytes of data, a multiple of {@code vertexBytes}
     * @param vertexBytes bytes per vertex
     * @return index of the first vertex in {@link #buffer(int) buffer(stream)}, for {@code glDrawArrays}'s
     *         {@code first} or {@code glDrawElementsBaseVertex}'s {@code basevertex}
     */
    int upload(int stream, long address, long byteSize, int vertexBytes);

    /** Ends the frame after its last draw call that reads the uploaded data. */
    void endFrame();

    /** Deletes the GL objects and closes the frame arenas. */
    @Override
    void close();
}
