package dev.framealloc.demo.loop;

import dev.framealloc.demo.sim.ParticleSlot;
import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.memory.SlabAllocator;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A frame step's visible state as bytes: every live slot (with its index) in slot order, then each part's vertices. */
final class FrameStepState {
    private FrameStepState() {}

    static byte[] of(SlabAllocator slab, FrameStep step) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
            out.writeBytes(MemorySegment.ofAddress(slab.slotAddress(s)).reinterpret(ParticleSlot.BYTES)
                    .toArray(ValueLayout.JAVA_BYTE));
            out.writeBytes(new byte[] {(byte) s, (byte) (s >>> 8), (byte) (s >>> 16)});
        }
        for (int p = 0; p < step.parts(); p++) {
            out.writeBytes(MemorySegment.ofAddress(step.partAddress(p))
                    .reinterpret(ParticleVertices.bytesFor(step.partVertices(p))).toArray(ValueLayout.JAVA_BYTE));
        }
        return out.toByteArray();
    }
}
