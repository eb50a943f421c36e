package dev.framealloc.demo.loop;

import dev.framealloc.demo.sim.ParticleSimulation;
import dev.framealloc.demo.sim.ParticleSlot;
import dev.framealloc.demo.sim.ParticleVertices;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame step on several walker threads: the same particles whatever the thread count, exact parts, no garbage. */
class FrameStepThreadsTest {
    private static final float DT = 1f / 60f;
    private static final int PARTICLES = 30_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static FrameArenas arenas(int threads, int maxLive) {
        return FrameArenas.builder().name("test").frameCount(2).blockSize(4096)
                .workers(FrameStep.workersFor(threads)).workerBlockSize(FrameStep.walkerBytes(maxLive, threads))
                .checked(false).build();
    }

    /** The state after {@code frames} steps: every live slot's bytes in slot order, then the frame's vertices. */
    private static byte[] stateAfter(int threads, int frames, long seed) {
        try (SlabAllocator slab = ParticleSimulation.createSlab(PARTICLES, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, seed, PARTICLES, 1280f, 720f);
            try (FrameArenas frames2 = arenas(threads, sim.maxLiveCount());
                 FrameStep step = new FrameStep(sim, frames2, threads)) {
                for (int f = 0; f < frames; f++) {
                    frames2.beginFrame();
                    int n = step.run(f == frames / 2 ? 0f : DT); // one paused frame on the way
                    assertEquals(slab.liveCount(), n);
                    int sum = 0;
                    for (int p = 0; p < step.parts(); p++) {
                        sum += step.partVertices(p);
                        assertEquals(slab.liveCount(step.partFrom(p), step.partTo(p)), step.partVertices(p));
                    }
                    assertEquals(n, sum, "parts add up to the live count, frame " + f);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(FrameStepState.of(slab, step));
                out.writeBytes(new byte[] {(byte) step.expiredCount(), (byte) (step.expiredCount() >>> 8)});
                return out.toByteArray();
            }
        }
    }

    @Test
    void aSeedGivesTheSameParticlesInTheSameSlotsWithAnyNumberOfThreads() {
        byte[] one = stateAfter(1, 400, 77);
        assertTrue(one.length > PARTICLES * ParticleSlot.BYTES / 2, "state bytes=" + one.length);
        for (int threads : new int[] {2, 3, 4, 7}) {
            assertArrayEquals(one, stateAfter(threads, 400, 77), threads + " threads");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void theSplitBalancesTheWalkersWithinAChunk(int threads) {
        try (SlabAllocator slab = ParticleSimulation.createSlab(PARTICLES, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 5, PARTICLES, 1280f, 720f);
            try (FrameArenas frames = arenas(threads, sim.maxLiveCount());
                 FrameStep step = new FrameStep(sim, frames, threads)) {
                for (int f = 0; f < 300; f++) {
                    frames.beginFrame();
                    int n = step.run(DT);
                    for (int p = 0; p < threads; p++) {
                        assertTrue(Math.abs(step.partVertices(p) - n / threads) <= FrameStep.CHUNK_SLOTS,
                                "frame " + f + " part " + p + ": " + step.partVertices(p) + " of " + n);
                        assertEquals(p == 0 ? 0 : step.partTo(p - 1), step.partFrom(p), "ranges are contiguous");
                    }
                    assertEquals(slab.slotLimit(), step.partTo(threads - 1));
                }
            }
        }
    }

    /** Vertex and expired-list bytes are in each walker's worker arenas, exactly 16 bytes per particle each. */
    @Test
    void walkersWriteIntoTheirOwnWorkerArenas() {
        int threads = 2;
        try (SlabAllocator slab = ParticleSimulation.createSlab(PARTICLES, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 9, PARTICLES, 1280f, 720f);
            try (FrameArenas frames = arenas(threads, sim.maxLiveCount());
                 FrameStep step = new FrameStep(sim, frames, threads)) {
                for (int f = 0; f < 200; f++) {
                    frames.beginFrame();
                    step.run(DT);
                }
                for (int p = 0; p < threads; p++) {
                    assertEquals(ParticleVertices.bytesFor(step.partVertices(p)), frames.workerUsedBytes(p));
                }
                assertEquals(16L * step.expiredCount(), frames.workerUsedBytes(2) + frames.workerUsedBytes(3));
                assertEquals(16L * (slab.liveCount() + step.expiredCount()), frames.usedBytes());
                assertTrue(step.expiredCount() > 0, "some particles expired in the frame");
            }
        }
    }

    /** Zero garbage on every loop thread: the owner (walker 0) and the walker threads, exactly 0 bytes once warm. */
    @Test
    @Tag("zero-garbage")
    void framesAllocateNothingOnTheOwnerOrTheWalkerThreadsOnceWarm() {
        int threads = 3;
        try (SlabAllocator slab = ParticleSimulation.createSlab(5_000, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 3, 5_000, 1280f, 720f);
            try (FrameArenas frames = arenas(threads, sim.maxLiveCount());
                 FrameStep step = new FrameStep(sim, frames, threads)) {
                long owner = -1;
                long walkers = -1;
                int zeroWindows = 0;
                for (int window = 0; window < 200 && zeroWindows < 3; window++) {
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    long walkerBytes = 0;
                    for (int f = 0; f < 500; f++) {
                        frames.beginFrame();
                        step.run(DT);
                        walkerBytes += step.walkerHeapBytes(1) + step.walkerHeapBytes(2);
                    }
                    owner = THREADS.getCurrentThreadAllocatedBytes() - before;
                    walkers = walkerBytes;
                    zeroWindows = window >= 40 && owner == 0 && walkers == 0 ? zeroWindows + 1 : 0;
                }
                assertEquals(0, owner, "owner heap bytes in the last 500 frames");
                assertEquals(0, walkers, "walker threads' heap bytes in the last 500 frames");
                assertEquals(3, zeroWindows, "three windows of 500 frames in a row at 0 bytes");
            }
        }
    }

    @Test
    void rejectsTooFewWorkersAndBadThreadCounts() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(100, false);
             FrameArenas few = FrameArenas.builder().name("few").workers(3).build()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 1, 100, 100f, 100f);
            assertEquals("frame arenas 'few' have 3 workers; 2 threads need workersFor(2)=4",
                    assertThrows(IllegalArgumentException.class, () -> new FrameStep(sim, few, 2)).getMessage());
            assertEquals("threads=0 must be >= 1",
                    assertThrows(IllegalArgumentException.class, () -> new FrameStep(sim, few, 0)).getMessage());
        }
        assertEquals("maxLive=-1 threads=1 (want maxLive >= 0, threads >= 1)",
                assertThrows(IllegalArgumentException.class, () -> FrameStep.walkerBytes(-1, 1)).getMessage());
    }
}
