package dev.framealloc.memory.internal;

import java.util.Arrays;

/**
 * The native blocks an allocator reserved, in order. Kept apart from the allocator so that a leak
 * {@link java.lang.ref.Cleaner} can free them without reaching the allocator itself.
 */
public final class BlockList {
    private NativeBlock[] blocks = new NativeBlock[4];
    private int count;
    private long reservedBytes;

    public int count() {
        return count;
    }

    public NativeBlock get(int index) {
        return blocks[index];
    }

    /** Native bytes held by all blocks. */
    public long reservedBytes() {
        return reservedBytes;
    }

    public void add(NativeBlock block) {
        if (count == blocks.length) {
            blocks = Arrays.copyOf(blocks, count * 2);
        }
        blocks[count++] = block;
        reservedBytes += block.size();
    }

    /** Frees and forgets every block from {@code fromIndex} on. */
    public void freeFrom(int fromIndex) {
        for (int i = count - 1; i >= fromIndex; i--) {
            reservedBytes -= blocks[i].size();
            blocks[i].free();
            blocks[i] = null;
        }
        count = Math.min(count, fromIndex);
    }

    public void freeAll() {
        freeFrom(0);
    }
}
