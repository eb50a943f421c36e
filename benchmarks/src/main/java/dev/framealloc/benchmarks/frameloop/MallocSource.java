package dev.framealloc.benchmarks.frameloop;

import org.lwjgl.system.MemoryUtil;

/** (c) LWJGL's {@code nmemAlloc} per frame, {@code nmemFree} two frames later. */
final class MallocSource extends VertexSource {
    static final String ID = "nmem-alloc";

    private final long[] inFlight = new long[FRAMES_IN_FLIGHT];
    private int frame;

    @Override
    String id() {
        return ID;
    }

    @Override
    String label() {
        return "(c) `nmemAlloc`/`nmemFree` per frame";
    }

    @Override
    void beginFrame() {
        // allocate() gets the frame's memory
    }

    @Override
    public long allocate(long bytes) {
        int slot = frame % FRAMES_IN_FLIGHT;
        if (inFlight[slot] != 0) {
            MemoryUtil.nmemFree(inFlight[slot]);
        }
        long address = MemoryUtil.nmemAlloc(Math.max(bytes, 1));
        if (address == 0) {
            throw new OutOfMemoryError("nmemAlloc(" + bytes + ") returned NULL");
        }
        inFlight[slot] = address;
        return address;
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
