package dev.framealloc.demo.gl;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;

import static org.lwjgl.opengl.GL15C.*;
import static org.lwjgl.system.MemoryUtil.NULL;

/**
 * The GL 3.3 upload path: per stream, orphan the buffer ({@code glBufferData} with no data, so the driver hands
 * out fresh storage instead of waiting for draws that still read the old one), then {@code nglBufferSubData}
 * straight from the frame arena's native address. No copy in Java; the driver copies once.
 * The frame arenas are ordinary native arenas.
 */
public final class SubDataUpload implements UploadPath {
    private final FrameArenas frames;
    private final int[] buffers = new int[STREAMS];
    private final long[] capacities = new long[STREAMS];

    /**
     * @param framesInFlight      arenas kept, 2 or 3
     * @param arenaBlockBytes     block size of each frame arena: one frame's vertex data fits in one block
     * @param particleBufferBytes capacity of the particle buffer
     * @param overlayBufferBytes  capacity of the overlay buffer
     * @param checked             engine-memory's checked mode
     */
    public SubDataUpload(int framesInFlight, long arenaBlockBytes, long particleBufferBytes, long overlayBufferBytes,
                         boolean checked) {
        frames = FrameArenas.builder().name("frame").frameCount(framesInFlight).blockSize(arenaBlockBytes)
                .checked(checked).build();
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
    public FrameArenas frames() {
        return frames;
    }

    @Override
    public MemoryArena beginFrame() {
        return frames.beginFrame();
    }

    @Override
    public int buffer(int stream) {
        return buffers[stream];
    }

    @Override
    public int upload(int stream, long address, long byteSize, int vertexBytes) {
        long capacity = capacities[stream];
        if (byteSize > capacity) {
            throw tooLarge(stream, byteSize, capacity);
        }
        glBindBuffer(GL_ARRAY_BUFFER, buffers[stream]);
        nglBufferData(GL_ARRAY_BUFFER, capacity, NULL, GL_STREAM_DRAW);
        if (byteSize > 0) {
            nglBufferSubData(GL_ARRAY_BUFFER, 0, byteSize, address);
        }
        return 0;
    }

    private static IllegalArgumentException tooLarge(int stream, long byteSize, long capacity) {
        return new IllegalArgumentException("upload too large: stream=" + stream + " byteSize=" + byteSize
                + " capacity=" + capacity);
    }

    @Override
    public void endFrame() {
        // The driver copied the data at nglBufferSubData; nothing to guard.
    }

    @Override
    public void close() {
        for (int s = 0; s < STREAMS; s++) {
            glDeleteBuffers(buffers[s]);
        }
        frames.close();
    }
}
