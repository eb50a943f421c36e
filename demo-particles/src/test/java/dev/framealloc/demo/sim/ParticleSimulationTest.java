package dev.framealloc.demo.sim;

import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParticleSimulationTest {
    private static final float DT = 1f / 60f;
    private static final int TARGET = 5_000;

    /** Runs {@code frames} fixed steps of a fresh simulation and returns its vertex bytes. */
    private static byte[] verticesAfter(long seed, int frames) {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, seed, TARGET, 1280f, 720f);
            for (int f = 0; f < frames; f++) {
                sim.step(DT);
            }
            return vertices(slab, arena);
        }
    }

    private static byte[] vertices(SlabAllocator slab, Arena arena) {
        MemorySegment out = arena.allocate(Math.max(16, ParticleVertices.bytesFor(slab.liveCount())), 16);
        long written = ParticleVertices.write(slab, out.address());
        return out.asSlice(0, written).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Test
    void sameSeedGivesTheSameParticles() {
        byte[] first = verticesAfter(42, 240);
        byte[] second = verticesAfter(42, 240);
        assertTrue(first.length > 0);
        assertArrayEquals(first, second);
    }

    @Test
    void differentSeedsGiveDifferentParticles() {
        assertFalse(java.util.Arrays.equals(verticesAfter(1, 120), verticesAfter(2, 120)));
    }

    @Test
    void resetReplaysLikeANewSimulation() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 7, TARGET, 1280f, 720f);
            for (int f = 0; f < 100; f++) {
                sim.step(DT);
            }
            sim.addEmitter(100f, 600f);
            sim.setSpawnRateScale(2f);
            sim.reset();
            assertEquals(0, sim.liveCount());
            assertEquals(5, sim.emitterCount());
            assertEquals(1f, sim.spawnRateScale());
            for (int f = 0; f < 200; f++) {
                sim.step(DT);
            }
            assertArrayEquals(verticesAfter(7, 200), vertices(slab, arena));
        }
    }

    @Test
    void everyLiveParticleIsYoungerThanItsLifetimeAndDeadOnesAreFreed() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 3, TARGET, 1280f, 720f);
            for (int f = 0; f < 600; f++) {
                sim.step(DT);
                for (int i = 0; i < slab.liveCount(); i++) {
                    long p = slab.liveAddress(i);
                    float age = ParticleSlot.get(p + ParticleSlot.AGE);
                    float lifetime = ParticleSlot.get(p + ParticleSlot.LIFETIME);
                    assertTrue(age >= 0f && age < lifetime, "frame " + f + ": age=" + age + " lifetime=" + lifetime);
                    assertTrue(lifetime >= ParticleSimulation.LIFETIME_MIN && lifetime <= ParticleSimulation.LIFETIME_MAX,
                            "lifetime=" + lifetime);
                }
            }
            // 10 s of 2.5 s lifetimes: most particles ever spawned have died and been freed.
            var stats = slab.stats();
            assertTrue(stats.freeCount() > stats.allocationCount() / 2,
                    "allocations=" + stats.allocationCount() + " frees=" + stats.freeCount());
        }
    }

    @Test
    void aParticleIsFreedInTheStepItsLifetimeEnds() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 5, TARGET, 1280f, 720f);
            sim.step(DT);
            long handle = slab.liveHandle(0);
            long p = slab.address(handle);
            float remaining = ParticleSlot.get(p + ParticleSlot.LIFETIME) - ParticleSlot.get(p + ParticleSlot.AGE);
            int steps = 0;
            while (slab.isLive(handle)) {
                sim.step(DT);
                steps++;
            }
            assertEquals(Math.ceil(remaining / DT), steps, 1.0, "remaining=" + remaining);
        }
    }

    @Test
    void liveCountIsTheSlabsLiveCountAndSettlesNearTheTarget() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 11, TARGET, 1280f, 720f);
            int max = 0;
            long sum = 0;
            int counted = 0;
            for (int f = 0; f < 900; f++) {
                sim.step(DT);
                assertEquals(slab.liveCount(), sim.liveCount());
                max = Math.max(max, sim.liveCount());
                if (f >= 450) {
                    sum += sim.liveCount();
                    counted++;
                }
            }
            double mean = (double) sum / counted;
            assertTrue(mean > TARGET * 0.85 && mean < TARGET * 1.15, "mean live=" + mean);
            assertTrue(max <= sim.maxLiveCount(), "max=" + max + " cap=" + sim.maxLiveCount());
        }
    }

    @Test
    void spawnRateScaleChangesTheLiveCountAndIsClamped() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 13, TARGET, 1280f, 720f);
            sim.setSpawnRateScale(0.5f);
            for (int f = 0; f < 600; f++) {
                sim.step(DT);
            }
            assertTrue(sim.liveCount() < TARGET * 0.7, "live=" + sim.liveCount());
            sim.setSpawnRateScale(100f);
            assertEquals(ParticleSimulation.MAX_SPAWN_RATE_SCALE, sim.spawnRateScale());
            sim.setSpawnRateScale(0f);
            assertEquals(ParticleSimulation.MIN_SPAWN_RATE_SCALE, sim.spawnRateScale());
            assertThrows(IllegalArgumentException.class, () -> sim.setSpawnRateScale(Float.NaN));
        }
    }

    @Test
    void particlesAreColourfulFadeAndShrinkWithAge() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 17, TARGET, 1280f, 720f);
            for (int f = 0; f < 300; f++) {
                sim.step(DT);
            }
            java.util.Set<Integer> hues = new java.util.HashSet<>();
            for (int i = 0; i < slab.liveCount(); i++) {
                long p = slab.liveAddress(i);
                float t = ParticleSlot.get(p + ParticleSlot.AGE) / ParticleSlot.get(p + ParticleSlot.LIFETIME);
                float size = ParticleSlot.get(p + ParticleSlot.SIZE);
                float start = ParticleSlot.get(p + ParticleSlot.START_SIZE);
                assertEquals(start * (1f - 0.7f * t), size, 1e-3f);
                if (t > 0.9f) {
                    assertTrue(ParticleSlot.get(p + ParticleSlot.A) < 0.05f, "alpha at t=" + t);
                }
                float r = ParticleSlot.get(p + ParticleSlot.R);
                float g = ParticleSlot.get(p + ParticleSlot.G);
                float b = ParticleSlot.get(p + ParticleSlot.B);
                hues.add(Math.round(r * 4) * 100 + Math.round(g * 4) * 10 + Math.round(b * 4));
            }
            assertTrue(hues.size() > 30, "distinct coarse colours=" + hues.size());
        }
    }

    @Test
    void addedEmittersAreCappedAndResizeKeepsThem() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 19, TARGET, 1280f, 720f);
            for (int i = 0; i < 40; i++) {
                sim.addEmitter(10f * i, 50f + 10f * i);
            }
            assertEquals(16, sim.emitterCount());
            sim.resize(1920f, 1080f);
            assertEquals(1920f, sim.worldWidth());
            for (int f = 0; f < 60; f++) {
                sim.step(DT);
            }
            assertTrue(sim.liveCount() > 0);
            assertThrows(IllegalArgumentException.class, () -> sim.resize(0f, 10f));
        }
    }

    @Test
    void rejectsBadArguments() {
        try (SlabAllocator small = SlabAllocator.create(32, 64); SlabAllocator slab = ParticleSimulation.createSlab(10, false)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ParticleSimulation(small, 1, 10, 100f, 100f));
            assertEquals("slab slotSize=32 is below the 64 bytes of a particle", e.getMessage());
            assertEquals("targetParticles=0 must be > 0", assertThrows(IllegalArgumentException.class,
                    () -> new ParticleSimulation(slab, 1, 0, 100f, 100f)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> new ParticleSimulation(slab, 1, 10, Float.NaN, 100f));
        }
    }

    @Test
    void nonPositiveStepChangesNothing() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 23, TARGET, 1280f, 720f);
            sim.step(DT);
            int live = sim.liveCount();
            sim.step(0f);
            sim.step(-1f);
            sim.step(Float.NaN);
            assertEquals(live, sim.liveCount());
        }
    }
}
