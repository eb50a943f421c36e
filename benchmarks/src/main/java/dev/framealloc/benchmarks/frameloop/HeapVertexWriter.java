package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.demo.sim.ParticleSlot;
import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.memory.SlabAllocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code ParticleVertices.write} for a heap {@code float[]} destination: the same vertex layout (x, y, size, RGBA8
 * colour as the bits of a float), the same reads of the demo's particle slots in the same two-pass batches. A test
 * checks that the bytes are identical to the demo's.
 */
final class HeapVertexWriter {
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int FLOATS_PER_VERTEX = ParticleVertices.VERTEX_BYTES / Float.BYTES;
    private static final float BYTE_MAX = 255f;
    /** Particles touched before they are worked on: the demo's {@code LiveBatch.SIZE} (package-private there). */
    private static final int BATCH = 32;
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
        // The demo's access pattern: per batch, a first pass touches every particle so the misses overlap.
        for (int start = 0; start < live; start += BATCH) {
            int end = Math.min(start + BATCH, live);
            for (int i = start, j = start * FLOATS_PER_VERTEX; i < end; i++, j += FLOATS_PER_VERTEX) {
                out[j] = MEMORY.get(FLOAT, slab.liveAddress(i) + ParticleSlot.X);
            }
            for (int i = start, j = start * FLOATS_PER_VERTEX; i < end; i++, j += FLOATS_PER_VERTEX) {
                long p = slab.liveAddress(i);
                out[j + 1] = MEMORY.get(FLOAT, p + ParticleSlot.Y);
                out[j + 2] = MEMORY.get(FLOAT, p + ParticleSlot.SIZE);
                out[j + 3] = Float.intBitsToFloat(packColor(MEMORY.get(FLOAT, p + ParticleSlot.R),
                        MEMORY.get(FLOAT, p + ParticleSlot.G), MEMORY.get(FLOAT, p + ParticleSlot.B),
                        MEMORY.get(FLOAT, p + ParticleSlot.A)));
            }
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
