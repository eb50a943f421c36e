package dev.framealloc.memory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Alignment where a block starts, every time rather than when a fuzz seed happens to get there: blocks are only
 * 64-byte aligned unless the request that reserves them asks for more, and an allocation that moves on into a block
 * kept from before must align within it.
 */
class BlockAlignmentTest {

    @ParameterizedTest(name = "checked={0}")
    @ValueSource(booleans = {false, true})
    void alignsTheFirstAllocationOfANewBlockAbove64Bytes(boolean checked) {
        for (long alignment = 128; alignment <= 1 << 16; alignment <<= 1) {
            try (MemoryArena arena = MemoryArena.builder().blockSize(4096).checked(checked).build()) {
                arena.allocateAddress(4000, 16);
                long address = arena.allocateAddress(5000, alignment); // larger than a block: a block of its own
                assertEquals(0, address % alignment, "alignment=" + alignment + " address=0x" + Long.toHexString(address));
                assertEquals(2, arena.stats().blockCount());
            }
        }
    }

    @ParameterizedTest(name = "checked={0}")
    @ValueSource(booleans = {false, true})
    void alignsTheFirstBlockToADefaultAlignmentAbove64Bytes(boolean checked) {
        for (long alignment = 128; alignment <= 1 << 16; alignment <<= 1) {
            try (MemoryArena arena = MemoryArena.builder().blockSize(4096).defaultAlignment(alignment).checked(checked)
                    .build()) {
                long address = arena.allocateAddress(100);
                assertEquals(0, address % alignment, "alignment=" + alignment + " address=0x" + Long.toHexString(address));
            }
        }
    }

    @ParameterizedTest(name = "checked={0}")
    @ValueSource(booleans = {false, true})
    void alignsTheFirstAllocationInABlockKeptFromBefore(boolean checked) {
        try (MemoryArena arena = MemoryArena.builder().blockSize(4096).checked(checked).build()) {
            long mark = arena.mark();
            arena.allocateAddress(4000, 16);
            arena.allocateAddress(1000, 16); // reserves a second block, 64-byte aligned
            for (long alignment = 128; alignment <= 2048; alignment <<= 1) {
                arena.resetTo(mark); // back into the first block; the second is kept
                mark = arena.mark();
                arena.allocateAddress(4000, 16);
                long address = arena.allocateAddress(1000, alignment); // does not fit: moves on into the kept block
                assertEquals(0, address % alignment, "alignment=" + alignment + " address=0x" + Long.toHexString(address));
                assertEquals(2, arena.stats().blockCount(), "the kept block was reused, none reserved");
                assertEquals(1, arena.growthCount());
            }
        }
    }
}
