package dev.framealloc.demo.sim;

/**
 * A tiny deterministic random source (xorshift64*), so a seed replays a run exactly and no
 * {@code java.util.Random} is touched per frame. Not thread-safe; allocation-free.
 */
final class Xorshift {
    private static final long MULTIPLIER = 0x2545F4914F6CDD1DL;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final float FLOAT_UNIT = 0x1.0p-24f;
    private long state;

    Xorshift(long seed) {
        reseed(seed);
    }

    /** Restarts the sequence of {@code seed}; every seed, including 0, gives a valid non-zero state. */
    void reseed(long seed) {
        long s = mix(seed + GOLDEN);
        state = s == 0 ? GOLDEN : s;
    }

    /** The next 64 random bits. */
    long nextLong() {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return x * MULTIPLIER;
    }

    /** Uniform in [0, 1). */
    float nextFloat() {
        return (nextLong() >>> 40) * FLOAT_UNIT;
    }

    /** Uniform in [min, max). */
    float range(float min, float max) {
        return min + (max - min) * nextFloat();
    }

    /** Uniform in [0, bound), {@code bound > 0}. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** SplitMix64's finaliser: spreads close seeds far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
