package dev.framealloc.benchmarks.race;

/**
 * One allocator in a race. A batch is {@link #BATCH} allocations of the race's size and alignment followed by
 * the contestant's own way of releasing them (reset, pop, a fresh slicing allocator), the same unit as
 * {@code BumpAllocationBenchmark}'s. Every contestant has room for a whole batch reserved up front.
 */
public abstract class Contestant implements AutoCloseable {
    /** Allocations per batch, between two releases. */
    public static final int BATCH = 1024;

    private final String label;
    private final Role role;

    /** What a contestant is in its race. */
    public enum Role {
        /** The peer the others are divided by. */
        BASELINE,
        /** A framealloc allocator under test. */
        SUBJECT,
        /** A stand-alone copy of a fast path, for decomposing a gap; not a product. */
        REFERENCE
    }

    /**
     * @param label name printed in tables; references start with {@code "reference: "}
     * @param role  the contestant's role in its race
     */
    protected Contestant(String label, Role role) {
        this.label = label;
        this.role = role;
    }

    /** The name printed in tables. */
    public final String label() {
        return label;
    }

    /** The contestant's role in its race. */
    public final Role role() {
        return role;
    }

    /**
     * Runs one batch: {@link #BATCH} allocations, then the release. Returns a value that depends on every
     * allocation (a sum of addresses, or the last of the segments kept in an array), so that none can be
     * optimised away.
     *
     * @return a checksum of the batch
     */
    public abstract long batch();

    /** Frees the contestant's memory. */
    @Override
    public abstract void close();

    /** Bytes to reserve so that a batch never runs out: every allocation plus its worst-case padding. */
    static long batchBytes(long size, long alignment) {
        return BATCH * (size + alignment) + alignment;
    }
}
