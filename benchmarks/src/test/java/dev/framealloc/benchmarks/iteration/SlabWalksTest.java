package dev.framealloc.benchmarks.iteration;

import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The walks visit the same particles and leave the same values: the race compares like with like. */
class SlabWalksTest {

    @Test
    void theWordOrderWalkDoesTheAddressOrderWalksWork() {
        try (ChurnedSlab a = ChurnedSlab.create(20_000, 60, 3); ChurnedSlab b = ChurnedSlab.create(20_000, 60, 3)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(20_000, SlabWalks.addressOrder(a.slab()));
                assertEquals(20_000, SlabWalks.wordOrder(b.slab()));
            }
            long[] pa = a.sortedAddresses(), pb = b.sortedAddresses();
            assertEquals(pa.length, pb.length);
            for (int i = 0; i < pa.length; i++) {
                for (int offset : new int[] {ChurnedSlab.X, ChurnedSlab.VX}) {
                    assertEquals(ChurnedSlab.MEMORY.get(ValueLayout.JAVA_FLOAT_UNALIGNED, pa[i] + offset),
                            ChurnedSlab.MEMORY.get(ValueLayout.JAVA_FLOAT_UNALIGNED, pb[i] + offset), "particle " + i);
                }
            }
        }
    }
}
