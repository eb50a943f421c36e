package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.memory.FrameArenas;

/** (a) The demo's way: vertex data from {@code FrameArenas.beginFrame().allocateAddress}, written in place. */
final class FrameArenaSource extends VertexSource {
    static final String ID = "frame-arena";
    private static final long BLOCK_BYTES = 4L << 20;

    private final FrameArenas frames = FrameArenas.builder().name("vertices").frameCount(FRAMES_IN_FLIGHT)
            .blockSize(BLOCK_BYTES).checked(false).build();

    @Override
    String id() {
        return ID;
    }

    @Override
    String label() {
        return "(a) frame arena (`FrameArenas.beginFrame().allocateAddress`)";
    }

    @Override
    void beginFrame() {
        frames.beginFrame();
    }

    @Override
    public long allocate(long bytes) {
        return frames.current().allocateAddress(bytes, ParticleVertices.ALIGNMENT);
    }

    @Override
    void endFrame() {
        // beginFrame() of the frame after next resets this frame's arena
    }

    @Override
    public void close() {
        frames.close();
    }
}
