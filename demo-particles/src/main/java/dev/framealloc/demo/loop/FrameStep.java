package dev.framealloc.demo.loop;

import dev.framealloc.demo.sim.ParticleSimulation;
import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.demo.sim.VertexMemory;
import dev.framealloc.memory.FrameArenas;

/**
 * The particle part of a frame, the same for every loop: step the simulation and write every live particle's vertex,
 * in one pass, into memory taken from the current frame. The caller begins the frame first (which differs: a fence
 * wait before {@code beginFrame} for a mapped GPU buffer), then uploads and draws {@link #vertexCount()} vertices
 * from {@link #vertexAddress()}.
 * <p>
 * Allocates no heap memory per frame once warm. Confined to the simulation's owner thread.
 * {@snippet :
 * FrameStep step = new FrameStep(sim, frames);
 * while (running) {
 *     frames.beginFrame();
 *     step.run(dt);
 *     draw(step.vertexAddress(), step.vertexCount());
 * }
 * }
 */
public final class FrameStep {
    private final ParticleSimulation sim;
    private final VertexMemory memory;
    private final VertexMemory recording = this::allocate;
    private long vertexAddress;
    private int vertexCount;

    /**
     * A frame step whose vertices go to the current arena of {@code frames}.
     *
     * @param sim    the simulation, owned by the calling thread
     * @param frames frame arenas owned by the calling thread; each {@link #run} allocates from {@code current()}
     */
    public FrameStep(ParticleSimulation sim, FrameArenas frames) {
        this(sim, byteSize -> frames.current().allocateAddress(byteSize, ParticleVertices.ALIGNMENT));
    }

    /**
     * A frame step whose vertices go to {@code memory}.
     *
     * @param sim    the simulation, owned by the calling thread
     * @param memory asked once per {@link #run} for exactly the frame's vertex bytes
     */
    public FrameStep(ParticleSimulation sim, VertexMemory memory) {
        this.sim = sim;
        this.memory = memory;
    }

    /**
     * Steps the simulation by {@code dt} and writes the frame's vertices.
     *
     * @param dt seconds to advance; {@code 0} (paused) only writes the vertices of the particles as they are
     * @return vertices written: the live particle count after the step
     */
    public int run(float dt) {
        vertexCount = sim.step(dt, recording);
        return vertexCount;
    }

    private long allocate(long byteSize) {
        vertexAddress = memory.allocate(byteSize);
        return vertexAddress;
    }

    /** Native address of the last {@link #run}'s vertices. */
    public long vertexAddress() {
        return vertexAddress;
    }

    /** Vertices the last {@link #run} wrote. */
    public int vertexCount() {
        return vertexCount;
    }

    /** Bytes of the last {@link #run}'s vertices. */
    public long vertexBytes() {
        return ParticleVertices.bytesFor(vertexCount);
    }

    /** The simulation this step advances. */
    public ParticleSimulation simulation() {
        return sim;
    }
}
