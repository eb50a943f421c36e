package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.memory.SlabAllocator;
import org.lwjgl.system.MemoryUtil;

/** (c) LWJGL's {@code nmemAlloc} per frame, {@code nmemFree} two frames later. */
final class MallocSource extends VertexSource {
    static final String ID = "nmem-alloc";

    private final long[] inFlight = new long[FRAMES_IN_FLIGHT];
    private int frame;
    private long address;

    @Override
    String id() {
        return ID;
    }

    @Override
    String label() {
        return "(c) `nmemAlloc`/`nmemFree` per frame";
    }

    @Override
    void beginFrame(long bytes) {
        int slot = frame % FRAMES_IN_FLIGHT;
        if (inFlight[slot] != 0) {
            MemoryUtil.nmemFree(inFlight[slot]);
        }
        address = MemoryUtil.nmemAlloc(bytes);
        if (address == 0) {
            throw new OutOfMemoryError("nmemAlloc(" + bytes + ") returned NULL");
        }
        inFlight[slot] = address;
    }

    @Override
    long fill(SlabAllocator slab) {
        return ParticleVertices.write(slab, address);
    }

    @Override
    void endFrame() {
        frame++;
    }

    @Override
    public void close() {
        for (int i = 0; i < inFlight.length; i++) {
            if (inFlight[i] != 0) {
                MemoryUtil.nmemFree(inFlight[i]);
                inFlight[i] = 0;
            }
        }
    }
}
