package dev.framealloc.benchmarks.iteration;

import dev.framealloc.memory.SlabAllocator;

import java.lang.foreign.ValueLayout;

import static dev.framealloc.benchmarks.iteration.ChurnedSlab.MEMORY;
import static dev.framealloc.benchmarks.iteration.ChurnedSlab.VX;
import static dev.framealloc.benchmarks.iteration.ChurnedSlab.X;

/**
 * The five ways to visit every live particle once, each doing the same work per particle: read {@code x} and
 * {@code vx}, write {@code x += vx * dt} and {@code vx -= x * k * dt} (a spring, so values stay bounded however
 * often the walk runs). Each returns the number of particles visited.
 */
public final class SlabWalks {
    /** Time step of the update, seconds. */
    static final float DT = 1f / 60f;
    /** Spring constant times the time step. */
    static final float K_DT = 4f * DT;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private SlabWalks() {}

    /** The dense live list, {@code liveAddress(i)} for {@code i} in {@code [0, liveCount())}: random order after churn. */
    public static int denseIndex(SlabAllocator slab) {
        int live = slab.liveCount();
        for (int i = 0; i < live; i++) {
            update(slab.liveAddress(i));
        }
        return live;
    }

    /** The address-order walk: {@code nextLive}, {@code slotAddress}. */
    public static int addressOrder(SlabAllocator slab) {
        int visited = 0;
        for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
            update(slab.slotAddress(s));
            visited++;
        }
        return visited;
    }

    /**
     * The word-at-a-time walk: {@code liveWord} and {@code wordAddress} once per 64 slots, each live slot found by
     * its bit ({@code numberOfTrailingZeros}), with no per-slot call into the allocator. Needs slabs of at least
     * 64 slots, which {@link ChurnedSlab} makes.
     */
    public static int wordOrder(SlabAllocator slab) {
        int visited = 0;
        int words = (slab.slotLimit() + SlabAllocator.WORD_SLOTS - 1) / SlabAllocator.WORD_SLOTS;
        long size = slab.slotSize();
        for (int w = 0; w < words; w++) {
            long bits = slab.liveWord(w);
            if (bits == 0) {
                continue;
            }
            long base = slab.wordAddress(w);
            visited += Long.bitCount(bits);
            do {
                update(base + Long.numberOfTrailingZeros(bits) * size);
                bits &= bits - 1;
            } while (bits != 0);
        }
        return visited;
    }

    /** The same slots through a sorted array of their addresses: the floor for this memory layout. */
    public static int sortedAddresses(long[] addresses) {
        for (long p : addresses) {
            update(p);
        }
        return addresses.length;
    }

    /** The same two floats per particle in packed arrays (the layout of EnTT's and flecs' component arrays). */
    public static int structureOfArrays(float[] x, float[] vx) {
        int n = x.length;
        for (int i = 0; i < n; i++) {
            float v = vx[i];
            float nx = x[i] + v * DT;
            x[i] = nx;
            vx[i] = v - nx * K_DT;
        }
        return n;
    }

    private static void update(long p) {
        float v = MEMORY.get(FLOAT, p + VX);
        float nx = MEMORY.get(FLOAT, p + X) + v * DT;
        MEMORY.set(FLOAT, p + X, nx);
        MEMORY.set(FLOAT, p + VX, v - nx * K_DT);
    }
}
