package dev.framealloc.demo.gl;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;

import static org.lwjgl.opengl.GL15C.*;
import static org.lwjgl.system.MemoryUtil.NULL;

/**
 * The GL 3.3 upload path: per stream and frame, orphan the buffer on the first upload ({@code glBufferData} with no
 * data, so the driver hands out fresh storage instead of waiting for draws that still read the old one), then
 * {@code nglBufferSubData} each part straight from the frame arenas' native address, one after the other. No copy
 * in Java; the driver copies once, at the call, so the frame's memory is free again as soon as the uploads return.
 * The frame arenas are ordinary native arenas.
 */
public final class SubDataUpload implements UploadPath {
    private final int framesInFlight;
    private final long mainBytes;
    private final int walkers;
    private final long walkerBytes;
    private final int[] buffers = new int[STREAMS];
    private final long[] capacities = new long[STREAMS];
    /** Bytes uploaded to each stream in the current frame; the first upload of a frame orphans. */
    private final long[] filled = new long[STREAMS];
    private FrameArenas frames;

    /**
     * Creates the buffers. Call on the thread whose GL context is current.
     *
     * @param framesInFlight      frame slots, 2 or 3
     * @param mainBytes           block size of each frame's main arena (the overlay, slack)
     * @param walkers             walker threads, {@code >= 1}
     * @param walkerBytes         block size of each walker's worker arenas
     * @param particleBufferBytes capacity of the particle buffer: the most particle vertex bytes of one frame
     * @param overlayBufferBytes  capacity of the overlay buffer
     */
    public SubDataUpload(int framesInFlight, long mainBytes, int walkers, long walkerBytes, long particleBufferBytes,
                         long overlayBufferBytes) {
        this.framesInFlight = framesInFlight;
        this.mainBytes = mainBytes;
        this.walkers = walkers;
        this.walkerBytes = walkerBytes;
        capacities[PARTICLES] = particleBufferBytes;
        capacities[OVERLAY] = overlayBufferBytes;
        for (int s = 0; s < STREAMS; s++) {
            buffers[s] = glGenBuffers();
            glBindBuffer(GL_ARRAY_BUFFER, buffers[s]);
            nglBufferData(GL_ARRAY_BUFFER, capacities[s], NULL, GL_STREAM_DRAW);
        }
        glBindBuffer(GL_ARRAY_BUFFER, 0);
    }

    @Override
    public String name() {
        return "subdata";
    }

    @Override
    public FrameArenas.Builder configure(FrameArenas.Builder builder) {
        return builder.frameCount(framesInFlight).blockSize(mainBytes).workers(2 * walkers)
                .workerBlockSize(walkerBytes);
    }

    @Override
    public void attach(FrameArenas frames) {
        this.frames = frames;
    }

    @Override
    public MemoryArena beginFrame() {
        beginRender(0);
        return frames.beginFrame();
    }

    @Override
    public void beginRender(long frameNumber) {
        for (int s = 0; s < STREAMS; s++) {
            filled[s] = 0;
        }
    }

    @Override
    public int buffer(int stream) {
        return buffers[stream];
    }

    @Override
    public int upload(int stream, long address, long byteSize, int vertexBytes) {
        long capacity = capacities[stream];
        long offset = filled[stream];
        if (byteSize > capacity - offset) {
            throw tooLarge(stream, byteSize, offset, capacity);
        }
        glBindBuffer(GL_ARRAY_BUFFER, buffers[stream]);
        if (offset == 0) {
            nglBufferData(GL_ARRAY_BUFFER, capacity, NULL, GL_STREAM_DRAW);
        }
        if (byteSize > 0) {
            nglBufferSubData(GL_ARRAY_BUFFER, offset, byteSize, address);
        }
        filled[stream] = offset + byteSize;
        return (int) (offset / vertexBytes);
    }

    private static IllegalArgumentException tooLarge(int stream, long byteSize, long offset, long capacity) {
        return new IllegalArgumentException("upload too large: stream=" + stream + " byteSize=" + byteSize
                + " offset=" + offset + " capacity=" + capacity);
    }

    @Override
    public void endFrame() {
        // The driver copied the data at nglBufferSubData; nothing to guard.
    }

    @Override
    public void awaitGpu() {
        // Nothing to wait for: the frame's memory was copied at upload.
    }

    @Override
    public void close() {
        for (int s = 0; s < STREAMS; s++) {
            glDeleteBuffers(buffers[s]);
        }
    }
}
