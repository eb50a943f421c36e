package dev.framealloc.benchmarks.iteration;

import dev.framealloc.memory.SlabAllocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A {@link SlabAllocator} of {@value #SLOT_BYTES}-byte particles after frames of allocation churn like the demo's,
 * and the same live particles in the layouts the walks are compared with: their addresses sorted in a
 * {@code long[]}, and their two floats in a structure of arrays.
 * <h2>The churn</h2>
 * The slab is made as {@code ParticleSimulation.createSlab} makes it ({@value #RESERVE_FACTOR} x {@code live}
 * slots reserved by allocating and resetting, slabs of {@code clamp(highestOneBit(live / 8), 1024, 65536)} slots).
 * Then {@code live} particles are allocated, and each frame about 1/{@value #DEATH_DIVISOR} of them die, chosen
 * uniformly at random, and newborns replace them, so many that the population follows a sine of
 * &plusmn;{@value #SWING_PERCENT}% over {@value #SWING_PERIOD_FRAMES} frames (the demo's bursts). A last frame
 * brings the population back to exactly {@code live}. The seed fixes every choice, so every fork and every run
 * churns the same way.
 * <h2>Each particle</h2>
 * {@code x} at offset {@value #X} and {@code vx} at offset {@value #VX}, floats, as in the demo's
 * {@code ParticleSlot}. The walks read both and write both.
 */
public final class ChurnedSlab implements AutoCloseable {
    /** Bytes per slot, as the demo's particles. */
    public static final int SLOT_BYTES = 64;
    /** Byte offset of {@code x} in a slot. */
    public static final int X = 0;
    /** Byte offset of {@code vx} in a slot. */
    public static final int VX = 8;
    /** About one particle in this many dies per frame: lifetimes of 1.5 to 3.5 s at 60 frames per second. */
    public static final int DEATH_DIVISOR = 150;
    /** Slots reserved up front, as a multiple of the live count (as {@code ParticleSimulation.RESERVE_FACTOR}). */
    public static final double RESERVE_FACTOR = 1.3;
    /** Amplitude of the population's swing, percent of the live count. */
    public static final int SWING_PERCENT = 5;
    /** Period of the population's swing, frames. */
    public static final int SWING_PERIOD_FRAMES = 150;

    static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final SlabAllocator slab;
    private final long[] sortedAddresses;
    private final float[] x;
    private final float[] vx;

    private ChurnedSlab(SlabAllocator slab, long[] sortedAddresses, float[] x, float[] vx) {
        this.slab = slab;
        this.sortedAddresses = sortedAddresses;
        this.x = x;
        this.vx = vx;
    }

    /**
     * Builds the slab, churns it and collects the reference layouts. Owned by the calling thread.
     *
     * @param live   live particles at the end, {@code > 0}
     * @param frames frames of churn, {@code >= 0}
     * @param seed   seed of every random choice
     * @return the churned slab and its reference layouts
     * @throws IllegalArgumentException if {@code live <= 0} or {@code frames < 0}
     */
    public static ChurnedSlab create(int live, int frames, long seed) {
        if (live <= 0) {
            throw new IllegalArgumentException("live=" + live + " must be > 0");
        }
        if (frames < 0) {
            throw new IllegalArgumentException("frames=" + frames + " must be >= 0");
        }
        int slotsPerSlab = Math.clamp(Integer.highestOneBit(live / 8), 1024, 1 << 16);
        SlabAllocator slab = SlabAllocator.builder().name("churned").slotSize(SLOT_BYTES).alignment(SLOT_BYTES)
                .slotsPerSlab(slotsPerSlab).checked(false).build();
        SplittableRandom random = new SplittableRandom(seed);
        long reserve = (long) Math.ceil(live * RESERVE_FACTOR);
        for (long i = 0; i < reserve; i++) {
            slab.allocate();
        }
        slab.reset();
        spawn(slab, live, random);
        for (int frame = 1; frame <= frames; frame++) {
            int deaths = (int) (slab.liveCount() / (double) DEATH_DIVISOR * random.nextDouble(0.5, 1.5));
            kill(slab, deaths, random);
            double swing = SWING_PERCENT / 100.0 * Math.sin(2 * Math.PI * frame / SWING_PERIOD_FRAMES);
            int target = (int) Math.round(live * (1 + swing));
            spawn(slab, Math.max(0, target - slab.liveCount()), random);
        }
        if (slab.liveCount() > live) {
            kill(slab, slab.liveCount() - live, random);
        } else {
            spawn(slab, live - slab.liveCount(), random);
        }
        long[] addresses = new long[live];
        int n = 0;
        for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
            addresses[n++] = slab.slotAddress(s);
        }
        Arrays.sort(addresses);
        float[] x = new float[live];
        float[] vx = new float[live];
        for (int i = 0; i < live; i++) {
            x[i] = MEMORY.get(FLOAT, addresses[i] + X);
            vx[i] = MEMORY.get(FLOAT, addresses[i] + VX);
        }
        return new ChurnedSlab(slab, addresses, x, vx);
    }

    private static void kill(SlabAllocator slab, int count, SplittableRandom random) {
        for (int i = 0; i < count; i++) {
            slab.free(slab.liveHandle(random.nextInt(slab.liveCount())));
        }
    }

    private static void spawn(SlabAllocator slab, int count, SplittableRandom random) {
        for (int i = 0; i < count; i++) {
            long p = slab.address(slab.allocate());
            MEMORY.set(FLOAT, p + X, (float) random.nextDouble(-1, 1));
            MEMORY.set(FLOAT, p + VX, (float) random.nextDouble(-1, 1));
        }
    }

    /** The churned slab. */
    public SlabAllocator slab() {
        return slab;
    }

    /** The live slots' addresses in increasing order: the floor layout for walking these slots. */
    public long[] sortedAddresses() {
        return sortedAddresses;
    }

    /** {@code x} of every live particle, in address order: the structure-of-arrays reference. */
    public float[] x() {
        return x;
    }

    /** {@code vx} of every live particle, in address order. */
    public float[] vx() {
        return vx;
    }

    /**
     * The share of the slots below {@link SlabAllocator#slotLimit()} that are live: how densely the walk finds
     * live slots.
     */
    public double density() {
        return slab.liveCount() / (double) slab.slotLimit();
    }

    /** Frees the slab. */
    @Override
    public void close() {
        slab.close();
    }
}
