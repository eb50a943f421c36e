package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.SlabAllocator;

/** (a) The demo's way: vertex data from {@code FrameArenas.beginFrame().allocateAddress}, written in place. */
final class FrameArenaSource extends VertexSource {
    static final String ID = "frame-arena";
    private static final long BLOCK_BYTES = 4L << 20;

    private final FrameArenas frames = FrameArenas.builder().name("vertices").frameCount(FRAMES_IN_FLIGHT)
            .blockSize(BLOCK_BYTES).checked(false).build();
    private long address;

    @Override
    String id() {
        return ID;
    }

    @Override
    String label() {
        return "(a) frame arena (`FrameArenas.beginFrame().allocateAddress`)";
    }

    @Override
    void beginFrame(long bytes) {
        address = frames.beginFrame().allocateAddress(bytes, ParticleVertices.ALIGNMENT);
    }

    @Override
    long fill(SlabAllocator slab) {
        return ParticleVertices.write(slab, address);
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
