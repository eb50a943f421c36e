package dev.framealloc.demo.sim;

import dev.framealloc.memory.SlabAllocator;

/**
 * Writes the vertex data of every live particle to native memory, one vertex per particle; the shaders in
 * {@code assets/} read exactly this layout.
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
    private static final float BYTE_MAX = 255f;
    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

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

    /**
     * Writes the vertices of every live particle of {@code slab}, in live order, starting at {@code address}, which
     * must have room for {@link #bytesFor(int) bytesFor(slab.liveCount())} bytes. Allocation-free.
     *
     * @param slab    the particles, laid out as {@link ParticleSlot} describes
     * @param address native address of the destination, for example from the frame arena
     * @return bytes written: {@code slab.liveCount() * BYTES_PER_PARTICLE}
     * @throws IllegalArgumentException if {@code address} is 0 while there are particles
     */
    public static long write(SlabAllocator slab, long address) {
        int live = slab.liveCount();
        if (address == 0 && live > 0) {
            throw new IllegalArgumentException("address=0 for " + live + " particles");
        }
        // Two passes per batch: the first touches each particle (writing x) so the misses overlap, see LiveBatch.
        for (int start = 0; start < live; start += LiveBatch.SIZE) {
            int end = Math.min(start + LiveBatch.SIZE, live);
            long out = address + (long) start * VERTEX_BYTES;
            for (int i = start; i < end; i++, out += VERTEX_BYTES) {
                ParticleSlot.set(out, ParticleSlot.get(slab.liveAddress(i) + ParticleSlot.X));
            }
            out = address + (long) start * VERTEX_BYTES;
            for (int i = start; i < end; i++, out += VERTEX_BYTES) {
                long p = slab.liveAddress(i);
                ParticleSlot.set(out + 4, ParticleSlot.get(p + ParticleSlot.Y));
                ParticleSlot.set(out + SIZE_OFFSET, ParticleSlot.get(p + ParticleSlot.SIZE));
                ParticleSlot.setInt(out + COLOR_OFFSET, packColor(ParticleSlot.get(p + ParticleSlot.R),
                        ParticleSlot.get(p + ParticleSlot.G), ParticleSlot.get(p + ParticleSlot.B),
                        ParticleSlot.get(p + ParticleSlot.A)));
            }
        }
        return (long) live * BYTES_PER_PARTICLE;
    }

    /** Packs a colour (components clamped to [0, 1]) as RGBA8 with red in the lowest-addressed byte. */
    static int packColor(float r, float g, float b, float a) {
        int packed = toByte(r) | toByte(g) << 8 | toByte(b) << 16 | toByte(a) << 24;
        return LITTLE_ENDIAN ? packed : Integer.reverseBytes(packed);
    }

    private static int toByte(float component) {
        return (int) (Math.clamp(component, 0f, 1f) * BYTE_MAX + 0.5f);
    }
}
