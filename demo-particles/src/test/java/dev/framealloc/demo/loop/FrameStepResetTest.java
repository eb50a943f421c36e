package dev.framealloc.demo.loop;

import dev.framealloc.demo.sim.ParticleSimulation;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reset in the middle of a run (the windowed demo's R key): the step's expired lists hold handles the slab reset
 * made stale, so {@link FrameStep#reset()} must drop them, and the run afterwards replays a new simulation exactly.
 */
class FrameStepResetTest {
    private static final float DT = 1f / 60f;
    private static final int PARTICLES = 5_000;
    private static final long SEED = 9;

    /** Runs {@code before} frames, resets through the step if {@code before > 0}, then runs {@code after} frames. */
    private static byte[] run(int threads, int before, int after) {
        try (SlabAllocator slab = ParticleSimulation.createSlab(PARTICLES, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, SEED, PARTICLES, 640f, 360f);
            try (FrameArenas frames = FrameStepThreadsTest.arenas(threads, sim.maxLiveCount());
                 FrameStep step = new FrameStep(sim, frames, threads)) {
                for (int f = 0; f < before; f++) {
                    frames.beginFrame();
                    step.run(DT);
                }
                if (before > 0) {
                    assertTrue(step.expiredCount() > 0, "the lists hold slots when the reset comes");
                    step.reset();
                    assertEquals(0, step.expiredCount());
                    assertEquals(0, slab.liveCount());
                }
                for (int f = 0; f < after; f++) {
                    frames.beginFrame();
                    int vertices = step.run(DT);
                    assertEquals(slab.liveCount(), vertices);
                }
                return FrameStepState.of(slab, step);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aResetMidRunDropsTheExpiredListsAndReplaysANewSimulation(int threads) {
        byte[] fresh = run(threads, 0, 300);
        assertArrayEquals(fresh, run(threads, 250, 300));
    }

    @Test
    void aResetWithTheHeapListReplaysANewSimulation() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vertices = arena.allocate(64L << 20, 16);
            byte[][] states = new byte[2][];
            for (int pass = 0; pass < 2; pass++) {
                try (SlabAllocator slab = ParticleSimulation.createSlab(PARTICLES, false)) {
                    ParticleSimulation sim = new ParticleSimulation(slab, SEED, PARTICLES, 640f, 360f);
                    try (FrameStep step = new FrameStep(sim, bytes -> vertices.address())) {
                        if (pass == 1) {
                            for (int f = 0; f < 250; f++) {
                                step.run(DT);
                            }
                            assertTrue(step.expiredCount() > 0);
                            step.reset();
                        }
                        for (int f = 0; f < 300; f++) {
                            step.run(DT);
                        }
                        states[pass] = FrameStepState.of(slab, step);
                    }
                }
            }
            assertArrayEquals(states[0], states[1]);
        }
    }

    /** What the step's reset guards against: the slab reset freed the listed particles, so the next run throws. */
    @Test
    void aSimulationResetAloneLeavesListedSlotsThatTheNextRunRejects() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(PARTICLES, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, SEED, PARTICLES, 640f, 360f);
            try (FrameArenas frames = FrameStepThreadsTest.arenas(1, sim.maxLiveCount());
                 FrameStep step = new FrameStep(sim, frames, 1)) {
                for (int f = 0; f < 250; f++) {
                    frames.beginFrame();
                    step.run(DT);
                }
                assertTrue(step.expiredCount() > 0);
                sim.reset();
                frames.beginFrame();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> step.run(DT));
                // freed by the slab reset and not reused yet: beginStep frees before it spawns
                assertTrue(e.getMessage().contains("is free, not live"), e.getMessage());
            }
        }
    }
}
