package dev.framealloc.demo.sim;

/**
 * Where a step's particle vertices go: {@link ParticleSimulation#step(float, VertexMemory)} asks for exactly the
 * bytes it will write, once per step, and writes them before it returns. A frame arena is the usual answer:
 * {@snippet :
 * VertexMemory memory = byteSize -> frames.current().allocateAddress(byteSize, ParticleVertices.ALIGNMENT);
 * }
 */
@FunctionalInterface
public interface VertexMemory {
    /**
     * Native memory for {@code byteSize} bytes of vertices.
     *
     * @param byteSize bytes the step will write, a multiple of {@link ParticleVertices#VERTEX_BYTES}, {@code >= 0}
     * @return the native address of at least {@code byteSize} writable bytes, aligned to
     *         {@link ParticleVertices#ALIGNMENT}; it must stay valid for as long as the vertices are read
     */
    long allocate(long byteSize);
}
