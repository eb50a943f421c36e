package dev.framealloc.memory;

/**
 * A snapshot of a {@link SlabAllocator}'s statistics.
 *
 * @param requestedSlotSize slot size asked for at build time
 * @param slotSize          bytes per slot after rounding up to the alignment
 * @param slotsPerSlab      slots per slab (a power of two)
 * @param slabCount         slabs reserved
 * @param capacity          slots in the reserved slabs
 * @param liveCount         slots allocated and not freed
 * @param peakLiveCount     highest {@code liveCount} so far
 * @param allocationCount   allocations so far
 * @param freeCount         frees so far (a reset counts one per live slot)
 * @param reservedBytes     native bytes reserved
 */
public record SlabStats(long requestedSlotSize, long slotSize, int slotsPerSlab, int slabCount, int capacity,
                        int liveCount, int peakLiveCount, long allocationCount, long freeCount, long reservedBytes) {

    /**
     * Share of the capacity in use.
     *
     * @return {@code liveCount / capacity}, in [0, 1]; 0 when nothing is reserved
     */
    public double occupancy() {
        return capacity == 0 ? 0.0 : (double) liveCount / capacity;
    }
}
