package dev.framealloc.memory;

/**
 * Thrown when an allocator cannot satisfy a request within its budget: the request would take reserved native
 * memory past the configured maximum, a caller-provided region is full, a slab allocator has reached its slab
 * limit, or the operating system refused memory. The allocator is left exactly as it was before the call:
 * earlier allocations stay intact and it stays usable.
 * <p>
 * The message carries every value as {@code key=value}, for example
 * {@code arena 'frame[0]' exhausted: requested=3000 alignment=16 used=14336 capacity=16384 max=16384}.
 */
public class ArenaExhaustedException extends RuntimeException {
    private final String allocatorName;
    private final long requestedBytes;
    private final long alignment;
    private final long usedBytes;
    private final long capacityBytes;
    private final long maxBytes;

    /**
     * @param allocatorName  name of the allocator
     * @param requestedBytes size of the refused request
     * @param alignment      alignment of the refused request
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

    /** Name of the allocator that refused the request. */
    public String allocatorName() {
        return allocatorName;
    }

    /** Size of the refused request in bytes. */
    public long requestedBytes() {
        return requestedBytes;
    }

    /** Alignment of the refused request (0 for slab allocators). */
    public long alignment() {
        return alignment;
    }

    /** Bytes in use when the request was refused. */
    public long usedBytes() {
        return usedBytes;
    }

    /** Bytes reserved when the request was refused. */
    public long capacityBytes() {
        return capacityBytes;
    }

    /** The cap; {@link Long#MAX_VALUE} when there is none. */
    public long maxBytes() {
        return maxBytes;
    }
}
