package dev.framealloc.demo.sim;

import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.SlabAllocator;

import java.util.Arrays;

/**
 * The handles of the particles whose lifetime ended in one walk, kept until the slab's owner frees them at the start
 * of the next step: each walker (a worker thread, or the owner itself) collects its own, so the walk never frees and
 * never shares a list.
 * <p>
 * In frame memory ({@link #start(MemoryArena)}) the list is a chain of {@value #NODE_BYTES}-byte nodes
 * {@code {handle, next}} allocated from the walker's frame arena, one per expired particle: no capacity to guess,
 * nothing on the heap, and the arena's used bytes grow by exactly {@value #NODE_BYTES} per particle. That memory must
 * outlive the frame that wrote it by one frame, which frame arenas with two or more frames in flight guarantee.
 * {@link #startOnHeap()} keeps the handles in an array of the list's own instead (grown in warm-up only), for a walk
 * without frame arenas.
 * <p>
 * One walker fills a list ({@code start}, then the walk's adds) on its thread; the owner reads and frees it after
 * joining that walker. Not thread-safe otherwise.
 */
public final class ExpiredList {
    /** Bytes per node in frame memory: the handle, then the address of the next node (0 at the end). */
    public static final int NODE_BYTES = 16;
    private static final int NODE_ALIGNMENT = 8;
    private static final int INITIAL_HEAP_CAPACITY = 1024;

    private MemoryArena arena;
    private long head;
    private long[] heap;
    private int count;

    /**
     * Starts an empty list whose nodes come from {@code arena}, dropping the previous contents (which must have been
     * freed, or must be found again by the walk that refills the list).
     *
     * @param arena frame memory of the walker's thread, valid until the owner's next step has freed the list
     */
    public void start(MemoryArena arena) {
        this.arena = arena;
        head = 0;
        count = 0;
    }

    /** Starts an empty list kept in this object's own array, dropping the previous contents. */
    public void startOnHeap() {
        arena = null;
        head = 0;
        count = 0;
        if (heap == null) {
            heap = new long[INITIAL_HEAP_CAPACITY];
        }
    }

    /** Adds {@code handle}: the walk's rare path, about 1 in 150 particles per frame. */
    void add(long handle) {
        if (arena != null) {
            long node = arena.allocateAddress(NODE_BYTES, NODE_ALIGNMENT);
            ParticleSlot.setLong(node, handle);
            ParticleSlot.setLong(node + 8, head);
            head = node;
        } else {
            if (count == heap.length) {
                heap = Arrays.copyOf(heap, count * 2); // warm-up only: the most expiries of one step
            }
            heap[count] = handle;
        }
        count++;
    }

    /** Handles in the list. */
    public int count() {
        return count;
    }

    /** Frees every particle of the list in {@code slab} (owner thread) and empties the list. */
    void freeAll(SlabAllocator slab) {
        if (arena != null) {
            for (long node = head; node != 0; node = ParticleSlot.getLong(node + 8)) {
                slab.free(ParticleSlot.getLong(node));
            }
        } else {
            for (int i = 0; i < count; i++) {
                slab.free(heap[i]);
            }
        }
        clear();
    }

    /**
     * Empties the list without freeing: for a paused step (its particles stay live and the next walk finds them
     * again), and for a reset of the slab, which frees every particle itself and makes the listed handles stale, so
     * the next step must not free them. Owner thread, while no walk fills the list.
     */
    public void clear() {
        head = 0;
        count = 0;
    }
}
