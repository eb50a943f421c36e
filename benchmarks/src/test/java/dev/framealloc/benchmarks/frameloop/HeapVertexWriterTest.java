package dev.framealloc.benchmarks.frameloop;

import dev.framealloc.demo.sim.ParticleSimulation;
import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapVertexWriterTest {

    @Test
    void writesTheSameBytesAsTheDemosVertexWriter() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(5_000, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 7L, 5_000, 1280f, 720f);
            for (int i = 0; i < 90; i++) {
                sim.step(1f / 30f);
            }
            int live = sim.liveCount();
            assertTrue(live > 1_000, "live=" + live);
            long bytes = ParticleVertices.bytesFor(live);
            MemorySegment expected = arena.allocate(bytes, 16);
            assertEquals(bytes, ParticleVertices.write(slab, expected.address()));

            float[] heap = new float[(int) (bytes / Float.BYTES)];
            assertEquals(bytes, HeapVertexWriter.write(slab, heap));
            MemorySegment actual = arena.allocate(bytes, 16);
            MemorySegment.copy(heap, 0, actual, ValueLayout.JAVA_FLOAT, 0, heap.length);

            assertArrayEquals(expected.toArray(ValueLayout.JAVA_BYTE), actual.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void rejectsATooSmallArray() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(100, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 1L, 100, 100f, 100f);
            for (int i = 0; i < 30 && sim.liveCount() < 2; i++) {
                sim.step(0.1f);
            }
            int live = sim.liveCount();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HeapVertexWriter.write(slab, new float[4]));
            assertEquals("out.length=4 < " + live * 4 + " floats for " + live + " particles", e.getMessage());
        }
    }
}
