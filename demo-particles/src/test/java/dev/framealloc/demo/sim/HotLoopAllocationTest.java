package dev.framealloc.demo.sim;

import dev.framealloc.demo.loop.FrameStep;
import dev.framealloc.demo.stats.FrameStatsLog;
import dev.framealloc.demo.stats.GcMeter;
import dev.framealloc.demo.stats.HeapMeter;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame's hot path (step, vertex write, stats record, meters) allocates nothing once warm. */
class HotLoopAllocationTest {
    private static final int PARTICLES = 20_000;
    private static final int WARMUP_FRAMES = 4_000;
    private static final int MEASURED_FRAMES = 1_000;

    @Test
    void stepWriteAndRecordAllocateZeroHeapBytesPerFrameOnceWarm() {
        HeapMeter heap = new HeapMeter();
        GcMeter gc = new GcMeter();
        FrameStatsLog log = new FrameStatsLog(WARMUP_FRAMES + MEASURED_FRAMES);
        long[] perFrame = new long[MEASURED_FRAMES];
        try (SlabAllocator slab = ParticleSimulation.createSlab(PARTICLES, false);
             FrameArenas frames = FrameArenas.create(2, ParticleVertices.bytesFor(PARTICLES * 3))) {
            ParticleSimulation sim = new ParticleSimulation(slab, 99, PARTICLES, 1280f, 720f);
            FrameStep step = new FrameStep(sim, frames);
            for (int f = 0; f < WARMUP_FRAMES + MEASURED_FRAMES; f++) {
                long before = heap.allocatedBytes();
                frames.beginFrame();
                step.run(1f / 60f);
                log.record(frames, slab, 1.0, 0, gc.collections());
                long bytes = heap.allocatedBytes() - before;
                if (f >= WARMUP_FRAMES) {
                    perFrame[f - WARMUP_FRAMES] = bytes;
                }
            }
        }
        long total = Arrays.stream(perFrame).sum();
        long[] sorted = perFrame.clone();
        Arrays.sort(sorted);
        assertEquals(0, sorted[MEASURED_FRAMES / 2], "median heap bytes per frame");
        assertTrue(total <= 1024, "heap bytes over " + MEASURED_FRAMES + " warm frames: " + total
                + " (frames with garbage: " + Arrays.stream(perFrame).filter(b -> b > 0).count() + ")");
    }

    @Test
    void metersAllocateNothing() {
        HeapMeter heap = new HeapMeter();
        GcMeter gc = new GcMeter();
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += heap.allocatedBytes() + gc.collections();
        }
        long before = heap.allocatedBytes();
        for (int i = 0; i < 1_000; i++) {
            sink += gc.collections();
        }
        long after = heap.allocatedBytes();
        assertEquals(0, after - before, "bytes for 1000 GcMeter calls and one HeapMeter call (sink " + sink + ")");
    }
}
