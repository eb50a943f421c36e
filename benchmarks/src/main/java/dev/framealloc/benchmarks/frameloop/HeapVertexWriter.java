package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.demo.sim.ParticleSlot;
import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.memory.SlabAllocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code ParticleVertices.write} for a heap {@code float[]} destination: the same vertex layout (x, y, size, RGBA8
 * colour as the bits of a float), the same reads of the demo's particle slots. A test checks that the bytes are
 * identical to the demo's.
 */
final class HeapVertexWriter {
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int FLOATS_PER_VERTEX = ParticleVertices.VERTEX_BYTES / Float.BYTES;
    private static final float BYTE_MAX = 255f;
    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    private HeapVertexWriter() {}

    /**
     * Writes the vertices of every live particle into {@code out}.
     *
     * @return bytes written
     * @throws IllegalArgumentException if {@code out} is too small
     */
    static long write(SlabAllocator slab, float[] out) {
        int live = slab.liveCount();
        if ((long) live * FLOATS_PER_VERTEX > out.length) {
            throw new IllegalArgumentException("out.length=" + out.length + " < " + live * FLOATS_PER_VERTEX
                    + " floats for " + live + " particles");
        }
        int j = 0;
        for (int i = 0; i < live; i++) {
            long p = slab.liveAddress(i);
            out[j] = MEMORY.get(FLOAT, p + ParticleSlot.X);
            out[j + 1] = MEMORY.get(FLOAT, p + ParticleSlot.Y);
            out[j + 2] = MEMORY.get(FLOAT, p + ParticleSlot.SIZE);
            out[j + 3] = Float.intBitsToFloat(packColor(MEMORY.get(FLOAT, p + ParticleSlot.R),
                    MEMORY.get(FLOAT, p + ParticleSlot.G), MEMORY.get(FLOAT, p + ParticleSlot.B),
                    MEMORY.get(FLOAT, p + ParticleSlot.A)));
            j += FLOATS_PER_VERTEX;
        }
        return (long) live * ParticleVertices.VERTEX_BYTES;
    }

    private static int packColor(float r, float g, float b, float a) {
        int packed = toByte(r) | toByte(g) << 8 | toByte(b) << 16 | toByte(a) << 24;
        return LITTLE_ENDIAN ? packed : Integer.reverseBytes(packed);
    }

    private static int toByte(float component) {
        return (int) (Math.clamp(component, 0f, 1f) * BYTE_MAX + 0.5f);
    }
}
