package dev.framealloc.demo.sim;

/**
 * The vertex data a {@link ParticleSimulation} step writes, one vertex per live particle, in native memory; the
 * shaders in {@code assets/} read exactly this layout. A particle whose lifetime ended in the step has a vertex of
 * alpha 0 (it is freed in the next step).
 *
 * <h2>Vertex layout ({@value #VERTEX_BYTES} bytes, tightly packed, native byte order)</h2>
 * <pre>
 * offset  0  float32 x, float32 y   position in world units (origin bottom-left, y up)   attribute 0, vec2
 * offset  8  float32 size           diameter in world units (pixels)                     attribute 1, float
 * offset 12  uint8 r, g, b, a       colour, normalised, alpha not premultiplied          attribute 2, vec4
 * </pre>
 * {@snippet :
 * glVertexAttribPointer(0, 2, GL_FLOAT, false, ParticleVertices.VERTEX_BYTES, 0);
 * glVertexAttribPointer(1, 1, GL_FLOAT, false, ParticleVertices.VERTEX_BYTES, 8);
 * glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, true, ParticleVertices.VERTEX_BYTES, 12);
 * }
 * Draw them as {@code GL_POINTS} with {@code gl_PointSize = size}, or as instanced quads (attribute divisor 1).
 * They look best blended additively on a dark background.
 */
public final class ParticleVertices {
    /** Bytes per vertex. */
    public static final int VERTEX_BYTES = 16;
    /** Vertices per particle. */
    public static final int VERTICES_PER_PARTICLE = 1;
    /** Bytes per particle: {@code VERTEX_BYTES * VERTICES_PER_PARTICLE}. */
    public static final int BYTES_PER_PARTICLE = VERTEX_BYTES * VERTICES_PER_PARTICLE;
    /** Alignment to request for the vertex data. */
    public static final int ALIGNMENT = 16;
    /** Byte offsets inside a vertex. */
    public static final int POSITION_OFFSET = 0, SIZE_OFFSET = 8, COLOR_OFFSET = 12;

    private ParticleVertices() {}

    /**
     * Bytes of vertex data for {@code particles} particles.
     *
     * @throws IllegalArgumentException if {@code particles < 0}
     */
    public static long bytesFor(int particles) {
        if (particles < 0) {
            throw new IllegalArgumentException("particles=" + particles + " must be >= 0");
        }
        return (long) particles * BYTES_PER_PARTICLE;
    }

    /** Writes one vertex at {@code out}: position, size and a packed colour from {@link ColourTable}. */
    static void put(long out, float x, float y, float size, int colour) {
        ParticleSlot.set(out, x);
        ParticleSlot.set(out + 4, y);
        ParticleSlot.set(out + SIZE_OFFSET, size);
        ParticleSlot.setInt(out + COLOR_OFFSET, colour);
    }
}
