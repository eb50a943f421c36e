package dev.framealloc.demo.sim;

import dev.framealloc.demo.HeapProbe;
import dev.framealloc.demo.loop.FrameStep;
import dev.framealloc.demo.stats.FrameStatsLog;
import dev.framealloc.demo.stats.GcMeter;
import dev.framealloc.demo.stats.HeapMeter;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame's hot path (step, vertex write, stats record, meters) allocates nothing once warm: exactly 0 bytes. */
@Tag("zero-garbage")
class HotLoopAllocationTest {
    /** A tenth of the demo's default: the same code paths, and the 20,000-frame warm-up takes seconds, not minutes. */
    private static final int PARTICLES = 2_000;
    private static final int FRAMES_PER_WINDOW = 1_000;
    private static final int MEASURED_WINDOWS = 3;

    @Test
    void stepWriteAndRecordAllocateZeroHeapBytesPerFrameOnceWarm() {
        HeapMeter heap = new HeapMeter();
        GcMeter gc = new GcMeter();
        FrameStatsLog log = new FrameStatsLog(FRAMES_PER_WINDOW);
        try (SlabAllocator slab = ParticleSimulation.createSlab(PARTICLES, false);
             FrameArenas frames = FrameArenas.builder().frameCount(2).blockSize(1 << 16)
                     .workers(FrameStep.workersFor(1)).workerBlockSize(ParticleVertices.bytesFor(PARTICLES * 3)).build()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 99, PARTICLES, 1280f, 720f);
            FrameStep step = new FrameStep(sim, frames, 1);
            HeapProbe.assertZeroOnceWarm(FRAMES_PER_WINDOW + " frames of step, vertex write and stats record",
                    FRAMES_PER_WINDOW, () -> {
                        for (int f = 0; f < FRAMES_PER_WINDOW; f++) {
                            long before = heap.allocatedBytes();
                            frames.beginFrame();
                            step.run(1f / 60f);
                            log.record(frames, slab, 1.0, heap.allocatedBytes() - before, gc.collections(),
                                    step.expiredCount());
                        }
                    }, MEASURED_WINDOWS);
            assertTrue(sim.liveCount() > PARTICLES / 2, "the simulation ran: live=" + sim.liveCount());
            assertEquals(FRAMES_PER_WINDOW, log.size(), "the log kept the last window");
            for (int i = 0; i < log.size(); i++) {
                assertEquals(0, log.heapBytes(i), "heap bytes of logged frame " + log.frame(i));
            }
        }
    }

    @Test
    void metersAllocateNothing() {
        HeapMeter heap = new HeapMeter();
        GcMeter gc = new GcMeter();
        long[] sink = new long[1];
        int calls = 1_000;
        HeapProbe.assertZeroOnceWarm(calls + " GcMeter and HeapMeter calls", calls, () -> {
            for (int i = 0; i < calls; i++) {
                sink[0] += heap.allocatedBytes() + gc.collections();
            }
        }, 5);
        assertTrue(sink[0] > 0, "the meters were read");
    }
}
