package dev.framealloc.benchmarks.frameloop;

import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;

/**
 * (b) A new {@code ByteBuffer.allocateDirect} per frame (zeroed, freed by its Cleaner once the GC finds it
 * unreachable), dropped two frames later.
 */
final class DirectBufferSource extends VertexSource {
    static final String ID = "allocate-direct";

    private final ByteBuffer[] inFlight = new ByteBuffer[FRAMES_IN_FLIGHT];
    private int frame;

    @Override
    String id() {
        return ID;
    }

    @Override
    String label() {
        return "(b) `ByteBuffer.allocateDirect` per frame";
    }

    @Override
    void beginFrame() {
        // allocate() gets the frame's buffer
    }

    @Override
    public long allocate(long bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes));
        inFlight[frame % FRAMES_IN_FLIGHT] = buffer; // drops the buffer of two frames ago
        return MemoryUtil.memAddress(buffer);
    }

    @Override
    void endFrame() {
        frame++;
    }

    @Override
    public void close() {
        java.util.Arrays.fill(inFlight, null);
    }
}
