package dev.framealloc.demo.sim;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParticleVerticesTest {

    @Test
    void bytesWrittenAreLiveParticlesTimesVertexSize() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(3_000, false);
             FrameArenas frames = FrameArenas.create(2, 1 << 20)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 1, 3_000, 800f, 600f);
            for (int f = 0; f < 200; f++) {
                MemoryArena arena = frames.beginFrame();
                sim.step(1f / 60f);
                long bytes = ParticleVertices.bytesFor(sim.liveCount());
                long address = arena.allocateAddress(Math.max(bytes, 16), ParticleVertices.ALIGNMENT);
                assertEquals((long) slab.liveCount() * ParticleVertices.VERTEX_BYTES, ParticleVertices.write(slab, address));
                assertEquals(bytes, (long) sim.liveCount() * 16);
            }
        }
    }

    @Test
    void eachVertexHoldsItsParticlesPositionSizeAndColour() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(2_000, false);
             FrameArenas frames = FrameArenas.create(2, 1 << 20)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 9, 2_000, 800f, 600f);
            for (int f = 0; f < 90; f++) {
                sim.step(1f / 60f);
            }
            MemorySegment out = frames.beginFrame().allocate(ParticleVertices.bytesFor(slab.liveCount()), 16);
            ParticleVertices.write(slab, out.address());
            for (int i = 0; i < slab.liveCount(); i++) {
                long p = slab.liveAddress(i);
                long v = (long) i * ParticleVertices.VERTEX_BYTES;
                assertEquals(ParticleSlot.get(p + ParticleSlot.X), out.get(ValueLayout.JAVA_FLOAT, v));
                assertEquals(ParticleSlot.get(p + ParticleSlot.Y), out.get(ValueLayout.JAVA_FLOAT, v + 4));
                assertEquals(ParticleSlot.get(p + ParticleSlot.SIZE), out.get(ValueLayout.JAVA_FLOAT, v + 8));
                assertEquals(toByte(ParticleSlot.get(p + ParticleSlot.R)), Byte.toUnsignedInt(out.get(ValueLayout.JAVA_BYTE, v + 12)));
                assertEquals(toByte(ParticleSlot.get(p + ParticleSlot.G)), Byte.toUnsignedInt(out.get(ValueLayout.JAVA_BYTE, v + 13)));
                assertEquals(toByte(ParticleSlot.get(p + ParticleSlot.B)), Byte.toUnsignedInt(out.get(ValueLayout.JAVA_BYTE, v + 14)));
                assertEquals(toByte(ParticleSlot.get(p + ParticleSlot.A)), Byte.toUnsignedInt(out.get(ValueLayout.JAVA_BYTE, v + 15)));
            }
        }
    }

    private static int toByte(float c) {
        return Math.round(Math.clamp(c, 0f, 1f) * 255f);
    }

    @Test
    void packsColourAsRgba8WithRedFirstInMemoryAndClamps() {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment s = arena.allocate(4);
            s.set(ValueLayout.JAVA_INT, 0, ParticleVertices.packColor(1f, 0.5f, 0f, 2f));
            assertEquals(255, Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 0)));
            assertEquals(128, Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 1)));
            assertEquals(0, Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 2)));
            assertEquals(255, Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 3)));
        }
    }

    @Test
    void bytesForRejectsNegativeCountsAndWriteRejectsNullAddress() {
        assertEquals(0, ParticleVertices.bytesFor(0));
        assertEquals(16_000_000L, ParticleVertices.bytesFor(1_000_000));
        assertEquals("particles=-1 must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> ParticleVertices.bytesFor(-1)).getMessage());
        try (SlabAllocator slab = ParticleSimulation.createSlab(10, false)) {
            assertEquals(0, ParticleVertices.write(slab, 0));
            slab.allocate();
            assertThrows(IllegalArgumentException.class, () -> ParticleVertices.write(slab, 0));
        }
    }
}
