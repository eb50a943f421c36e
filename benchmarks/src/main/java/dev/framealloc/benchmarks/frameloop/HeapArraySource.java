package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.memory.SlabAllocator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * (d) A new {@code float[]} per frame, filled with the same vertex layout as {@code ParticleVertices}, then
 * copied into one of two persistent direct buffers (the upload staging memory), as code without off-heap
 * allocation would do. The fill includes the copy, since only then are the bytes in native memory.
 */
final class HeapArraySource extends VertexSource {
    static final String ID = "float-array";

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment[] staging = new MemorySegment[FRAMES_IN_FLIGHT];
    private int frame;
    private float[] vertices;

    HeapArraySource(long maxBytes) {
        for (int i = 0; i < FRAMES_IN_FLIGHT; i++) {
            staging[i] = arena.allocate(maxBytes, 16);
        }
    }

    @Override
    String id() {
        return ID;
    }

    @Override
    String label() {
        return "(d) `float[]` per frame, copied into a direct buffer";
    }

    @Override
    void beginFrame(long bytes) {
        vertices = new float[Math.toIntExact(bytes / Float.BYTES)];
    }

    @Override
    long fill(SlabAllocator slab) {
        long bytes = HeapVertexWriter.write(slab, vertices);
        MemorySegment.copy(vertices, 0, staging[frame % FRAMES_IN_FLIGHT], ValueLayout.JAVA_FLOAT, 0,
                (int) (bytes / Float.BYTES));
        return bytes;
    }

    @Override
    void endFrame() {
        vertices = null;
        frame++;
    }

    @Override
    public void close() {
        arena.close();
    }
}
