package dev.framealloc.memory;

/**
 * A snapshot of a {@link MemoryArena}'s statistics.
 *
 * @param usedBytes       bytes consumed since the last reset, including alignment padding and abandoned block tails
 * @param capacityBytes   native bytes reserved
 * @param peakBytes       highest {@code usedBytes} ever reached, kept across resets
 * @param allocationCount allocations since the last reset
 * @param blockCount      blocks currently reserved
 * @param wastedBytes     part of {@code usedBytes} recorded as waste: the unused tails of blocks the arena moved on
 *                        from and, in checked mode, alignment padding and guard bytes too (there it is exactly
 *                        {@code usedBytes} minus the bytes requested). Unchecked arenas do not record alignment
 *                        padding, which is at most {@code alignment - 1} bytes per allocation: their fast path
 *                        stores only the bump pointer and the count. Run checked to measure padding.
 * @param resetCount      resets so far
 * @param growthCount     blocks reserved after creation because the arena ran out of room
 */
public record ArenaStats(long usedBytes, long capacityBytes, long peakBytes, long allocationCount, int blockCount,
                         long wastedBytes, long resetCount, long growthCount) {

    /**
     * Share of the used bytes recorded as waste (see {@code wastedBytes}: alignment padding only in checked mode).
     *
     * @return {@code wastedBytes / usedBytes}, in [0, 1]; 0 when nothing is used
     */
    public double fragmentationRatio() {
        return usedBytes == 0 ? 0.0 : Math.min(1.0, (double) wastedBytes / usedBytes);
    }
}
