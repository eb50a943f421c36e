package dev.framealloc.demo.sim;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParticleVerticesTest {

    @Test
    void putWritesPositionSizeAndPackedColourInTheShadersLayout() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ParticleVertices.VERTEX_BYTES, ParticleVertices.ALIGNMENT);
            int colour = ColourTable.pack(1f, 0.5f, 0f, 0.25f);
            ParticleVertices.put(v.address(), 12.5f, -3f, 6f, colour);
            assertEquals(12.5f, v.get(ValueLayout.JAVA_FLOAT, ParticleVertices.POSITION_OFFSET));
            assertEquals(-3f, v.get(ValueLayout.JAVA_FLOAT, ParticleVertices.POSITION_OFFSET + 4));
            assertEquals(6f, v.get(ValueLayout.JAVA_FLOAT, ParticleVertices.SIZE_OFFSET));
            assertEquals(255, Byte.toUnsignedInt(v.get(ValueLayout.JAVA_BYTE, ParticleVertices.COLOR_OFFSET)));
            assertEquals(128, Byte.toUnsignedInt(v.get(ValueLayout.JAVA_BYTE, ParticleVertices.COLOR_OFFSET + 1)));
            assertEquals(0, Byte.toUnsignedInt(v.get(ValueLayout.JAVA_BYTE, ParticleVertices.COLOR_OFFSET + 2)));
            assertEquals(64, Byte.toUnsignedInt(v.get(ValueLayout.JAVA_BYTE, ParticleVertices.COLOR_OFFSET + 3)));
        }
    }

    @Test
    void bytesForRejectsNegativeCounts() {
        assertEquals(0, ParticleVertices.bytesFor(0));
        assertEquals(16_000_000L, ParticleVertices.bytesFor(1_000_000));
        assertEquals("particles=-1 must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> ParticleVertices.bytesFor(-1)).getMessage());
    }
}
