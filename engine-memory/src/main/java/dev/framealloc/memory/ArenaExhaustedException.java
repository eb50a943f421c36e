package dev.framealloc.memory;

/**
 * Thrown when an allocator cannot satisfy a request within its budget: the request would take reserved native
 * memory past the configured maximum, a caller-provided region is full, a slab allocator has reached its slab
 * limit, or the operating system refused memory. An allocation that throws it leaves the allocator exactly as
 * it was before the call: earlier allocations stay intact and it stays usable. A {@link MemoryArena#reset()} or
 * {@link FrameArenas#beginFrame()} that throws it (its consolidated block was refused) has still completed, and
 * the arena reserves memory again on demand. Builders throw it when the first block cannot be reserved.
 * <p>
 * The message carries every value as {@code key=value}, for example
 * {@code arena 'frame[0]' exhausted: requested=3000 alignment=16 used=14336 capacity=16384 max=16384}.
 */
public class ArenaExhaustedException extends RuntimeException {
    /** Name of the allocator that refused the request. */
    private final String allocatorName;
    /** Size of the refused request, in bytes. */
    private final long requestedBytes;
    /** Alignment of the refused request, in bytes. */
    private final long alignment;
    /** Bytes in use when the request was refused. */
    private final long usedBytes;
    /** Bytes reserved when the request was refused. */
    private final long capacityBytes;
    /** The cap, in bytes ({@link Long#MAX_VALUE} when unlimited). */
    private final long maxBytes;

    /**
     * Creates the exception with the standard {@code key=value} message built from the values.
     *
     * @param allocatorName  name of the allocator
     * @param requestedBytes size of the refused request, in bytes
     * @param alignment      alignment of the refused request, in bytes
     * @param usedBytes      bytes in use when it was refused
     * @param capacityBytes  bytes reserved when it was refused
     * @param maxBytes       the cap ({@link Long#MAX_VALUE} when unlimited)
     * @param reason         extra explanation, or null
     */
    public ArenaExhaustedException(String allocatorName, long requestedBytes, long alignment, long usedBytes,
                                   long capacityBytes, long maxBytes, String reason) {
        super("arena '" + allocatorName + "' exhausted: requested=" + requestedBytes + " alignment=" + alignment
                + " used=" + usedBytes + " capacity=" + capacityBytes
                + " max=" + (maxBytes == Long.MAX_VALUE ? "unlimited" : Long.toString(maxBytes))
                + (reason == null ? "" : " (" + reason + ")"));
        this.allocatorName = allocatorName;
        this.requestedBytes = requestedBytes;
        this.alignment = alignment;
        this.usedBytes = usedBytes;
        this.capacityBytes = capacityBytes;
        this.maxBytes = maxBytes;
    }

    /** Builds the exception with a message of the caller's own (slab allocators use it). */
    ArenaExhaustedException(String message, String allocatorName, long requestedBytes, long usedBytes,
                            long capacityBytes, long maxBytes) {
        super(message);
        this.allocatorName = allocatorName;
        this.requestedBytes = requestedBytes;
        this.alignment = 0;
        this.usedBytes = usedBytes;
        this.capacityBytes = capacityBytes;
        this.maxBytes = maxBytes;
    }

    /**
     * Name of the allocator that refused the request.
     *
     * @return the allocator's name
     */
    public String allocatorName() {
        return allocatorName;
    }

    /**
     * Size of the refused request (for a slab allocator, its slot size).
     *
     * @return the requested bytes
     */
    public long requestedBytes() {
        return requestedBytes;
    }

    /**
     * Alignment of the refused request.
     *
     * @return the alignment in bytes; 0 for slab allocators
     */
    public long alignment() {
        return alignment;
    }

    /**
     * Bytes in use when the request was refused (for a slab allocator, live slots times slot size).
     *
     * @return the used bytes
     */
    public long usedBytes() {
        return usedBytes;
    }

    /**
     * Native bytes reserved when the request was refused.
     *
     * @return the reserved bytes
     */
    public long capacityBytes() {
        return capacityBytes;
    }

    /**
     * The cap (for a slab allocator, {@code maxSlabs} slabs' bytes).
     *
     * @return the cap in bytes; {@link Long#MAX_VALUE} when there is none, or when the operating system refused
     *         a slab
     */
    public long maxBytes() {
        return maxBytes;
    }
}
