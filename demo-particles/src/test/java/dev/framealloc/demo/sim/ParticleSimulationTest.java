package dev.framealloc.demo.sim;

import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParticleSimulationTest {
    private static final float DT = 1f / 60f;
    private static final int TARGET = 5_000;

    /** Vertex memory from a confined arena, remembering the last address it gave. */
    static final class Recorder implements VertexMemory {
        final Arena arena;
        long address;
        long byteSize = -1;
        int calls;

        Recorder(Arena arena) {
            this.arena = arena;
        }

        @Override
        public long allocate(long byteSize) {
            calls++;
            this.byteSize = byteSize;
            address = arena.allocate(Math.max(byteSize, 16), ParticleVertices.ALIGNMENT).address();
            return address;
        }

        byte[] bytes() {
            return MemorySegment.ofAddress(address).reinterpret(byteSize).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Runs {@code frames} fixed steps of a fresh simulation and returns the last step's vertex bytes. */
    private static byte[] verticesAfter(long seed, int frames) {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, seed, TARGET, 1280f, 720f);
            for (int f = 0; f < frames - 1; f++) {
                sim.step(DT);
            }
            Recorder out = new Recorder(arena);
            sim.step(DT, out);
            return out.bytes();
        }
    }

    private static float life(long p) {
        return ParticleSlot.get(p + ParticleSlot.AGE) * ParticleSlot.get(p + ParticleSlot.LIFE_RATE);
    }

    @Test
    void sameSeedGivesTheSameParticles() {
        byte[] first = verticesAfter(42, 240);
        byte[] second = verticesAfter(42, 240);
        assertTrue(first.length > TARGET * 16 / 2, "vertex bytes=" + first.length);
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
            for (int f = 0; f < 199; f++) {
                sim.step(DT);
            }
            Recorder out = new Recorder(arena);
            sim.step(DT, out);
            assertArrayEquals(verticesAfter(7, 200), out.bytes());
        }
    }

    @Test
    void stepAsksForExactlyTheLiveParticlesVerticesOnceAndWritesThem() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 31, TARGET, 1280f, 720f);
            for (int f = 0; f < 300; f++) {
                Recorder out = new Recorder(arena);
                int written = sim.step(DT, out);
                assertEquals(1, out.calls, "frame " + f);
                assertEquals(slab.liveCount(), written, "frame " + f);
                assertEquals(ParticleVertices.bytesFor(written), out.byteSize, "frame " + f);
            }
            assertTrue(slab.liveCount() > TARGET / 2, "live=" + slab.liveCount());
        }
    }

    /** Vertex k is the k-th live slot in address order, with its position, size and table colour. */
    @Test
    void verticesFollowTheSlotsInAddressOrder() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 9, TARGET, 1280f, 720f);
            for (int f = 0; f < 200; f++) {
                sim.step(DT);
            }
            Recorder out = new Recorder(arena);
            int n = sim.step(DT, out);
            long v = out.address;
            long previous = 0;
            int previousSlab = -1;
            int k = 0;
            for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1), k++, v += 16) {
                long p = slab.slotAddress(s);
                int slabIndex = s / slab.slotsPerSlab();
                assertTrue(slabIndex != previousSlab || p > previous, "addresses increase inside a slab");
                previous = p;
                previousSlab = slabIndex;
                float t = life(p);
                assertEquals(ParticleSlot.get(p + ParticleSlot.X), ParticleSlot.get(v), "x of vertex " + k);
                assertEquals(ParticleSlot.get(p + ParticleSlot.Y), ParticleSlot.get(v + 4), "y of vertex " + k);
                assertEquals(ParticleSlot.get(p + ParticleSlot.START_SIZE) * (1f - ParticleSimulation.SHRINK * t),
                        ParticleSlot.get(v + 8), "size of vertex " + k);
                assertEquals(ColourTable.colour(ParticleSlot.getInt(p + ParticleSlot.STYLE), t),
                        ParticleSlot.getInt(v + 12), "colour of vertex " + k);
            }
            assertEquals(n, k);
        }
    }

    /** Splitting the walk into ranges of slots, as worker threads do, writes the same vertices as one walk. */
    @Test
    void walkingSlotRangesGivesTheSameVerticesAsOneWalk() {
        byte[][] results = new byte[2][];
        for (int split = 0; split < 2; split++) {
            try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false); Arena arena = Arena.ofConfined()) {
                ParticleSimulation sim = new ParticleSimulation(slab, 5, TARGET, 1280f, 720f);
                MemorySegment out = arena.allocate(ParticleVertices.bytesFor(sim.maxLiveCount()), 16);
                ExpiredList[] lists = new ExpiredList[5];
                for (int i = 0; i < lists.length; i++) {
                    lists[i] = new ExpiredList();
                    lists[i].startOnHeap();
                }
                long written = 0;
                for (int f = 0; f < 240; f++) {
                    int expected = sim.beginStep(DT, lists);
                    int limit = sim.slotLimit();
                    int n = 0;
                    if (split == 0) {
                        lists[0].startOnHeap();
                        n = sim.walk(0, limit, out.address(), lists[0]);
                    } else {
                        int[] cuts = {0, limit / 7, limit / 3, limit / 3, limit - 1, limit};
                        for (int c = 0; c + 1 < cuts.length; c++) {
                            lists[c].startOnHeap();
                            n += sim.walk(cuts[c], cuts[c + 1], out.address() + ParticleVertices.bytesFor(n), lists[c]);
                        }
                    }
                    assertEquals(expected, n, "frame " + f);
                    written = ParticleVertices.bytesFor(n);
                }
                results[split] = out.asSlice(0, written).toArray(ValueLayout.JAVA_BYTE);
            }
        }
        assertTrue(results[0].length > 0);
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void everyLiveParticleIsYoungerThanItsLifetimeOrShownTransparentUntilTheNextStep() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 3, TARGET, 1280f, 720f);
            int expiredSeen = 0;
            for (int f = 0; f < 600; f++) {
                Recorder out = new Recorder(arena);
                sim.step(DT, out);
                long v = out.address;
                for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1), v += 16) {
                    long p = slab.slotAddress(s);
                    float rate = ParticleSlot.get(p + ParticleSlot.LIFE_RATE);
                    assertTrue(rate >= 1f / ParticleSimulation.LIFETIME_MAX - 1e-6f
                            && rate <= 1f / ParticleSimulation.LIFETIME_MIN + 1e-6f, "lifeRate=" + rate);
                    float age = ParticleSlot.get(p + ParticleSlot.AGE);
                    assertTrue(age >= 0f, "age=" + age);
                    if (life(p) >= 1f) {
                        expiredSeen++;
                        assertEquals(0, ParticleSlot.getInt(v + 12) >>> 24, "alpha of an expired particle");
                        // It expired in this step: one step earlier it was younger than its lifetime.
                        assertTrue((age - DT) * rate < 1f, "age=" + age + " rate=" + rate);
                    }
                }
            }
            assertTrue(expiredSeen > TARGET, "expired particles seen: " + expiredSeen);
            var stats = slab.stats();
            assertTrue(stats.freeCount() > stats.allocationCount() / 2,
                    "allocations=" + stats.allocationCount() + " frees=" + stats.freeCount());
        }
    }

    @Test
    void aParticleIsFreedInTheStepAfterItsLifetimeEnds() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false)) {
            ParticleSimulation sim = new ParticleSimulation(slab, 5, TARGET, 1280f, 720f);
            sim.step(DT);
            int slot = slab.nextLive(0);
            long handle = slab.slotHandle(slot);
            long p = slab.slotAddress(slot);
            int steps = 0;
            while (life(p) < 1f) {
                sim.step(DT);
                steps++;
                assertTrue(slab.isLive(handle), "live while younger than its lifetime, step " + steps);
            }
            assertTrue(slab.isLive(handle), "still live in the step its lifetime ended");
            sim.step(DT);
            assertFalse(slab.isLive(handle), "freed by the next step");
            assertTrue(steps >= (int) ((ParticleSimulation.LIFETIME_MIN - 0.25f) / DT) - 2, "steps=" + steps);
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
            assertEquals("spawnRateScale=NaN", assertThrows(IllegalArgumentException.class,
                    () -> sim.setSpawnRateScale(Float.NaN)).getMessage());
        }
    }

    @Test
    void particlesAreColourfulFadeAndShrinkWithAge() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 17, TARGET, 1280f, 720f);
            for (int f = 0; f < 299; f++) {
                sim.step(DT);
            }
            Recorder out = new Recorder(arena);
            sim.step(DT, out);
            Set<Integer> hues = new HashSet<>();
            long v = out.address;
            int old = 0;
            for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1), v += 16) {
                long p = slab.slotAddress(s);
                float t = life(p);
                int colour = ParticleSlot.getInt(v + 12);
                int alpha = colour >>> 24;
                float size = ParticleSlot.get(v + 8);
                float start = ParticleSlot.get(p + ParticleSlot.START_SIZE);
                assertEquals(start * (1f - 0.7f * t), size, 1e-3f);
                if (t > 0.9f) {
                    old++;
                    assertTrue(alpha < 0.05f * 255, "alpha " + alpha + " at t=" + t);
                } else if (t > 0.1f && t < 0.4f) {
                    assertTrue(alpha > 0.5f * 255, "alpha " + alpha + " at t=" + t);
                }
                int r = colour & 0xFF, g = colour >>> 8 & 0xFF, b = colour >>> 16 & 0xFF;
                hues.add(Math.round(r / 64f) * 100 + Math.round(g / 64f) * 10 + Math.round(b / 64f));
            }
            assertTrue(old > 0, "no particle near the end of its life");
            assertTrue(hues.size() > 30, "distinct coarse colours=" + hues.size());
        }
    }

    /** The motion of one hand-made particle: drag, gravity, and a bounce off the ground when below it and falling. */
    @Test
    void aFallingParticleBelowTheGroundBouncesBranchFree() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(16, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 1, 16, 1000f, 1000f);
            ExpiredList[] none = {};
            ExpiredList expired = new ExpiredList();
            expired.startOnHeap();
            sim.beginStep(0f, none);
            long p = slab.address(slab.allocate());
            int style = ColourTable.style(2, Emitters.FOUNTAIN, 3);
            ParticleSlot.set(p + ParticleSlot.X, 500f);
            ParticleSlot.set(p + ParticleSlot.Y, 1f);
            ParticleSlot.set(p + ParticleSlot.VX, 30f);
            ParticleSlot.set(p + ParticleSlot.VY, -300f);
            ParticleSlot.set(p + ParticleSlot.AGE, 0.5f);
            ParticleSlot.set(p + ParticleSlot.LIFE_RATE, 0.5f);
            ParticleSlot.set(p + ParticleSlot.START_SIZE, 4f);
            ParticleSlot.setInt(p + ParticleSlot.STYLE, style);
            MemorySegment out = arena.allocate(16, 16);
            // A step of 0.1 s with the emitters' spawns skipped: call the walk over just this slot.
            sim.beginStep(0.1f, none);
            int slot = slab.nextLive(0);
            while (slab.slotAddress(slot) != p) {
                slot = slab.nextLive(slot + 1);
            }
            assertEquals(1, sim.walk(slot, slot + 1, out.address(), expired));

            float damp = 1f - 0.08f * 0.1f;
            float vx = 30f * damp;
            float vy = -300f * damp - 0.9f * 1000f * 0.1f;
            float y = 1f + vy * 0.1f; // below the ground, falling: bounce
            assertTrue(y < 0f);
            assertEquals(500f + vx * 0.1f, ParticleSlot.get(p + ParticleSlot.X), 1e-4f);
            assertEquals(-y * 0.35f, ParticleSlot.get(p + ParticleSlot.Y), 1e-4f);
            assertEquals(-vy * 0.35f, ParticleSlot.get(p + ParticleSlot.VY), 1e-3f);
            assertEquals(vx * 0.8f, ParticleSlot.get(p + ParticleSlot.VX), 1e-4f);
            assertEquals(0.6f, ParticleSlot.get(p + ParticleSlot.AGE), 1e-6f);
            assertEquals(ParticleSlot.get(p + ParticleSlot.X), out.get(ValueLayout.JAVA_FLOAT, 0));
            assertEquals(ParticleSlot.get(p + ParticleSlot.Y), out.get(ValueLayout.JAVA_FLOAT, 4));
            assertEquals(4f * (1f - 0.7f * 0.3f), out.get(ValueLayout.JAVA_FLOAT, 8), 1e-5f);
            assertEquals(ColourTable.colour(style, 0.3f), out.get(ValueLayout.JAVA_INT, 12));

            // Rising again, above the ground: no bounce, gravity slows it.
            float vyUp = ParticleSlot.get(p + ParticleSlot.VY);
            float yUp = ParticleSlot.get(p + ParticleSlot.Y);
            sim.beginStep(0.1f, none);
            sim.walk(slot, slot + 1, out.address(), expired);
            assertEquals(0, expired.count());
            float vyNext = vyUp * damp - 0.9f * 1000f * 0.1f;
            assertEquals(vyNext, ParticleSlot.get(p + ParticleSlot.VY), 1e-3f);
            assertEquals(yUp + vyNext * 0.1f, ParticleSlot.get(p + ParticleSlot.Y), 1e-3f);
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
            assertEquals("world size 0.0x10.0 must be positive and finite",
                    assertThrows(IllegalArgumentException.class, () -> sim.resize(0f, 10f)).getMessage());
        }
    }

    @Test
    void rejectsBadArguments() {
        try (SlabAllocator small = SlabAllocator.create(16, 64); SlabAllocator slab = ParticleSimulation.createSlab(10, false)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ParticleSimulation(small, 1, 10, 100f, 100f));
            assertEquals("slab slotSize=16 is below the 32 bytes of a particle", e.getMessage());
            try (SlabAllocator tiny = SlabAllocator.create(32, 32)) {
                assertEquals("slab slotsPerSlab=32 is below the 64 slots of a bitmap word, which the walk visits at once",
                        assertThrows(IllegalArgumentException.class,
                                () -> new ParticleSimulation(tiny, 1, 10, 100f, 100f)).getMessage());
            }
            assertEquals("targetParticles=0 must be > 0", assertThrows(IllegalArgumentException.class,
                    () -> new ParticleSimulation(slab, 1, 0, 100f, 100f)).getMessage());
            assertEquals("world size NaNx100.0 must be positive and finite", assertThrows(IllegalArgumentException.class,
                    () -> new ParticleSimulation(slab, 1, 10, Float.NaN, 100f)).getMessage());
            assertEquals("targetParticles=-3 must be > 0", assertThrows(IllegalArgumentException.class,
                    () -> ParticleSimulation.createSlab(-3, false)).getMessage());
        }
    }

    /** A step of 0, a negative or a NaN dt (a paused window) changes nothing and writes the same vertices. */
    @Test
    void nonPositiveStepChangesNothingAndRewritesTheSameVertices() {
        try (SlabAllocator slab = ParticleSimulation.createSlab(TARGET, false); Arena arena = Arena.ofConfined()) {
            ParticleSimulation sim = new ParticleSimulation(slab, 23, TARGET, 1280f, 720f);
            for (int f = 0; f < 200; f++) {
                sim.step(DT);
            }
            Recorder first = new Recorder(arena);
            int live = sim.step(DT, first);
            double time = sim.time();
            for (float dt : new float[] {0f, -1f, Float.NaN}) {
                Recorder again = new Recorder(arena);
                assertEquals(live, sim.step(dt, again));
                assertEquals(live, sim.liveCount());
                assertEquals(time, sim.time());
                assertArrayEquals(first.bytes(), again.bytes(), "vertices after a step of " + dt);
            }
            // The particles that expired before the pause are still freed by the next real step.
            Recorder next = new Recorder(arena);
            sim.step(DT, next);
            assertTrue(time < sim.time());
        }
    }
}
