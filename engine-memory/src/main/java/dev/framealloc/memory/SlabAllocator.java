package dev.framealloc.memory;

import dev.framealloc.memory.internal.AllocationLedger;
import dev.framealloc.memory.internal.BlockList;
import dev.framealloc.memory.internal.CheckedMode;
import dev.framealloc.memory.internal.Checks;
import dev.framealloc.memory.internal.Lifecycle;
import dev.framealloc.memory.internal.Lifetimes;
import dev.framealloc.memory.internal.NativeBlock;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed-size slots in off-heap slabs, addressed by generational handles: the allocator for entities such as
 * particles.
 *
 * <h2>Model</h2>
 * Slots of {@code slotSize} bytes (rounded up to the alignment) are carved from slabs of {@code slotsPerSlab}
 * slots (rounded up to a power of two). An occupancy bitmap on the heap (a bit per slot, and summaries of a bit
 * per 64 slots) records which slots are live; slot memory holds no allocator state, so a write to a freed slot
 * cannot corrupt the allocator. {@link #allocate()} takes the <em>lowest</em> free slot, and a never-used slot
 * only when no freed one is left, so live slots stay packed at the low end, the address-order walk skips little,
 * and {@link #slotLimit()} stays at the peak live count. A new slab is reserved on demand, up to
 * {@code maxSlabs}. {@link #free(long)} clears the slot's bit. Neither touches slot memory (except checked mode's
 * poisoning) or allocates heap memory.
 * <p>
 * A handle is a {@code long} that packs the slot index, the slot's generation and a tag naming this allocator.
 * Freeing a slot bumps its generation, so a handle kept after its free is <em>stale</em>: every method that takes
 * a handle detects a stale handle, a double free, and a handle from another allocator, and throws instead of
 * touching memory ({@link #isLive(long)} returns false). Detection is by 24-bit generation and 12-bit tag, so it
 * can miss a handle whose slot was reused 2<sup>23</sup> times since, or one from an allocator created 4095
 * allocators earlier or later. Handle {@code 0} is never valid, so it can mean "none".
 *
 * <h2>Walking the live slots in address order</h2>
 * An occupancy bitmap keeps a bit per slot, and a summary bitmap a bit per 64 slots, so the live slots can be
 * visited in slot order, which is address order within a slab, at about the speed of reading their memory in
 * order; a run of up to 4,096 free slots costs one step. {@link #slotLimit()} bounds the slots ever handed out,
 * {@link #nextLive(int)} finds the next live one, {@link #slotAddress(int)} and {@link #slotHandle(int)} give its
 * address and handle. The canonical walk, which may free the slot it visits:
 * {@snippet :
 * for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
 *     long p = slab.slotAddress(s);
 *     if (dies(p)) {
 *         slab.free(slab.slotHandle(s)); // freeing the current slot mid-walk skips nothing
 *     }
 * }
 * }
 * The fastest walk reads the bitmap a word of {@value #WORD_SLOTS} slots at a time: {@link #liveWord(int)} and
 * {@link #wordAddress(int)} (slabs of at least 64 slots), with no per-slot call.
 * Split {@code [0, slotLimit())} into ranges and walk each with
 * {@code for (int s = slab.nextLive(from); s < to; s = slab.nextLive(s + 1))}: every live slot is visited
 * exactly once, so the ranges can be walked by worker threads while the owner waits.
 * <p>
 * Live slots are also kept in a dense list, {@link #liveHandle(int)} and {@link #liveAddress(int)} for
 * {@code i} in {@code [0, liveCount())}, for picking a live slot by count or at random. Its order is no useful
 * order after the first free: a loop over it jumps around memory. Iterate with the walk above.
 *
 * <h2>Threads</h2>
 * allocate, free, reset and close are confined to the owner thread (the builder's caller); other threads get
 * {@link WrongThreadException}. Resolving handles, walking the live slots and reading slot memory from other
 * threads is allowed while the owner is not allocating, freeing or resetting, when the reader sees the owner's
 * last such call through a happens-before edge (a volatile write it reads, a lock, a queue hand-off,
 * {@code Thread.start}). The slot arrays are replaced only when {@code allocate} reserves a new slab.
 */
public final class SlabAllocator implements AutoCloseable {
    private static final int INDEX_BITS = 28;
    private static final int GENERATION_BITS = 24;
    private static final int TAG_BITS = 12;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final int GENERATION_MASK = (1 << GENERATION_BITS) - 1;
    private static final int TAG_MASK = (1 << TAG_BITS) - 1;
    /** Largest number of slots one allocator can address. */
    public static final long MAX_SLOTS = 1L << INDEX_BITS;
    /** Slots per word of the occupancy bitmap: the unit of the word-at-a-time walk ({@link #liveWord(int)}). */
    public static final int WORD_SLOTS = 64;
    private static final AtomicInteger TAGS = new AtomicInteger();

    private final Thread owner;
    private final String name;
    private final long slotSize;
    private final long requestedSlotSize;
    private final long alignment;
    private final int slotsPerSlab;
    private final int slabShift;
    private final int slotMask;
    private final int maxSlabs;
    private final long tagBits;
    private final int tag;

    private final BlockList slabs = new BlockList();
    private MemorySegment[] slabSegments = new MemorySegment[4];
    private long[] slabBases = new long[4];
    private int slabCount;

    private int[] generations = new int[0]; // odd = live
    private long[] liveBits = new long[0];  // bit s of word s >>> 6: slot s is live
    private long[] liveWords = new long[0]; // bit w of word w >>> 6: liveBits[w] != 0
    private long[] fullWords = new long[0]; // bit w of word w >>> 6: liveBits[w] == -1 (all 64 live)
    private int firstFreeWord;              // every liveBits word below it is full
    private int[] dense = new int[0];       // live slot indices, packed
    private int[] densePosition = new int[0];
    private int liveCount;
    private int freshSlots;                 // slots [freshSlots, capacity) were never handed out

    private long allocationCount;
    private long freeCount;
    private int peakLive;

    private final boolean checked;
    private Arena[] slotLifetimes;          // checked mode: lazily, per slot
    private final Lifecycle.Handle lifecycle;
    private boolean closed;

    private SlabAllocator(Builder b) {
        this.owner = Thread.currentThread();
        this.name = b.name;
        this.requestedSlotSize = b.slotSize;
        this.alignment = b.alignment;
        if (b.slotSize > Long.MAX_VALUE - b.alignment) {
            throw new IllegalArgumentException("slotSize=" + b.slotSize + " rounded up to alignment=" + b.alignment
                    + " overflows a long");
        }
        this.slotSize = Checks.alignUp(b.slotSize, b.alignment);
        this.slotsPerSlab = Integer.highestOneBit(b.slotsPerSlab) == b.slotsPerSlab
                ? b.slotsPerSlab : Integer.highestOneBit(b.slotsPerSlab) << 1;
        this.slabShift = Integer.numberOfTrailingZeros(slotsPerSlab);
        this.slotMask = slotsPerSlab - 1;
        long maxSlabsByIndex = MAX_SLOTS / slotsPerSlab;
        if (b.maxSlabs > maxSlabsByIndex) {
            if (b.maxSlabsSet) {
                throw new IllegalArgumentException("maxSlabs=" + b.maxSlabs + " times slotsPerSlab=" + slotsPerSlab
                        + " exceeds the " + MAX_SLOTS + " slots a handle can address");
            }
        }
        this.maxSlabs = (int) Math.min(b.maxSlabs, maxSlabsByIndex);
        if (slotSize > Long.MAX_VALUE / slotsPerSlab) {
            throw new IllegalArgumentException("slotSize=" + b.slotSize + " times slotsPerSlab=" + slotsPerSlab + " overflows");
        }
        this.tag = (TAGS.getAndIncrement() % TAG_MASK) + 1;
        this.tagBits = (long) tag << (INDEX_BITS + GENERATION_BITS);
        this.checked = b.checked != null ? b.checked : CheckedMode.checkedByDefault();
        this.lifecycle = Lifecycle.register(this, "SlabAllocator", name, slabs);
    }

    /**
     * Creates a slab allocator owned by the calling thread, with 16-byte alignment and no slab limit beyond
     * {@link #MAX_SLOTS}. No memory is reserved until the first {@link #allocate()}.
     *
     * @param slotSize     bytes per slot, {@code > 0}, rounded up to a multiple of 16
     * @param slotsPerSlab slots per slab, in [1, 2<sup>28</sup>], rounded up to a power of two
     * @return the new allocator
     * @throws IllegalArgumentException if {@code slotSize <= 0}, {@code slotsPerSlab} is out of range, or a
     *                                  slab's byte size overflows a {@code long}
     */
    public static SlabAllocator create(long slotSize, int slotsPerSlab) {
        return builder().slotSize(slotSize).slotsPerSlab(slotsPerSlab).build();
    }

    /**
     * Returns a builder with the defaults: 64-byte slots, 1024 slots per slab, alignment 16, no slab limit
     * beyond {@link #MAX_SLOTS}, name "slab", checked mode from the system property.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // =====================================================================================================
    // Allocation
    // =====================================================================================================

    /**
     * Takes a free slot and returns its handle.
     * <ul>
     * <li><b>Alignment:</b> the slot's address is a multiple of {@link #alignment()} (at least 8).</li>
     * <li><b>Which slot:</b> the lowest free slot; a never-used slot (one above {@link #slotLimit()}) only when
     *     every used slot is live.</li>
     * <li><b>Contents:</b> not zeroed: zeros in a fresh slab, otherwise what the previous user left (the poison
     *     pattern {@code 0xDE} in checked mode).</li>
     * <li><b>Lifetime:</b> until {@link #free(long)}, {@link #reset()} or {@link #close()}.</li>
     * <li><b>Threads:</b> owner thread only. No walk may run on another thread meanwhile (see
     *     {@link #nextLive(int)}).</li>
     * <li><b>Complexity:</b> O(1) when the lowest free slot is in the same 64-slot word as the last one taken or
     *     freed; otherwise one step per 4,096 full slots between them. Allocates no heap memory except when a
     *     new slab is reserved (the slot arrays grow).</li>
     * </ul>
     *
     * @return a handle, never 0
     * @throws ArenaExhaustedException if every slot is taken and {@code maxSlabs} slabs exist, or the operating
     *                                 system refuses a slab; the allocator is unchanged
     * @throws IllegalStateException   if closed
     * @throws WrongThreadException    if called from a thread other than the owner
     */
    public long allocate() {
        if (Thread.currentThread() != owner) {
            throw wrongThread("allocate from");
        }
        long[] bitmap = liveBits;
        int word = firstFreeWord;
        long bits = word < bitmap.length ? bitmap[word] : -1L;
        int slot = (word << 6) + Long.numberOfTrailingZeros(~bits); // the lowest free slot, if bits has one
        if (bits == -1L || slot >= generations.length) {
            slot = lowestFreeSlotElsewhere();
            word = slot >>> 6;
            bitmap = liveBits;
            bits = bitmap[word];
        }
        long marked = bits | (1L << slot);
        bitmap[word] = marked;
        if (bits == 0) {
            liveWords[word >>> 6] |= 1L << word;
        }
        if (marked == -1L) {
            fullWords[word >>> 6] |= 1L << word;
            firstFreeWord = word + 1;
        }
        if (slot == freshSlots) {
            freshSlots = slot + 1;
        }
        int generation = (generations[slot] + 1) & GENERATION_MASK;
        generations[slot] = generation;
        int position = liveCount;
        dense[position] = slot;
        densePosition[slot] = position;
        liveCount = position + 1;
        if (liveCount > peakLive) {
            peakLive = liveCount;
        }
        allocationCount++;
        return tagBits | ((long) generation << INDEX_BITS) | slot;
    }

    /**
     * Frees the slot of a live handle; the handle becomes stale. The slot's memory is left as it is (checked
     * mode: poisoned with {@code 0xDE} bytes, and its {@link #segment(long)} becomes inaccessible). Moves the last
     * live slot into the freed slot's position in the {@link #liveHandle(int)} order; the address-order walk is
     * unaffected, so a walk may free the slot it visits. Owner thread only, while no walk runs on another
     * thread. O(1), no heap allocation.
     *
     * @param handle a live handle from this allocator
     * @throws IllegalArgumentException if {@code handle} is 0, belongs to another allocator, or names a slot this
     *                                  allocator never handed out
     * @throws IllegalStateException    if the slot was already freed (double free) or the handle is stale (the
     *                                  slot has been freed and reused), or the allocator is closed
     * @throws WrongThreadException     if called from a thread other than the owner
     */
    public void free(long handle) {
        if (Thread.currentThread() != owner) {
            throw wrongThread("free into");
        }
        int slot = liveSlot(handle, "free");
        generations[slot] = (generations[slot] + 1) & GENERATION_MASK;
        int word = slot >>> 6;
        long bits = liveBits[word];
        if (bits == -1L) {
            fullWords[word >>> 6] &= ~(1L << word);
        }
        liveBits[word] = bits &= ~(1L << slot);
        if (bits == 0) {
            liveWords[word >>> 6] &= ~(1L << word);
        }
        if (word < firstFreeWord) {
            firstFreeWord = word;
        }
        int position = densePosition[slot];
        int last = dense[--liveCount];
        dense[position] = last;
        densePosition[last] = position;
        if (checked) {
            releaseChecked(slot);
        }
        freeCount++;
    }

    /**
     * The native address of a live handle's slot. O(1), no heap allocation, any thread (ordered with frees).
     * The address stays valid until the slot is freed, {@link #reset()} or {@link #close()}.
     *
     * @param handle a live handle from this allocator
     * @return the slot's address, aligned to {@link #alignment()}, with {@link #slotSize()} usable bytes
     * @throws IllegalArgumentException if {@code handle} is 0, belongs to another allocator, or names a slot this
     *                                  allocator never handed out
     * @throws IllegalStateException    if the handle was freed or is stale, or the allocator is closed
     */
    public long address(long handle) {
        int slot = liveSlot(handle, "address");
        return slabBases[slot >>> slabShift] + (slot & slotMask) * slotSize;
    }

    /**
     * A segment over a live handle's slot, {@link #slotSize()} bytes. In checked mode the segment becomes
     * inaccessible when the slot is freed (or by {@link #reset()}); in unchecked mode it stays accessible after
     * the free, reading whatever the slot's next user writes, until {@link #close()} makes it throw
     * {@link IllegalStateException}. O(1); allocates the segment object. Any thread in unchecked mode (ordered
     * with frees); in checked mode call it on the owner thread, since it records the slot's lifetime without
     * synchronization.
     *
     * @param handle a live handle from this allocator
     * @return the slot's memory, its address aligned to {@link #alignment()}
     * @throws IllegalArgumentException if {@code handle} is 0, belongs to another allocator, or names a slot this
     *                                  allocator never handed out
     * @throws IllegalStateException    if the handle was freed or is stale, or the allocator is closed
     */
    public MemorySegment segment(long handle) {
        int slot = liveSlot(handle, "segment");
        long offset = (slot & slotMask) * slotSize;
        if (!checked) {
            return slabSegments[slot >>> slabShift].asSlice(offset, slotSize);
        }
        Arena lifetime = slotLifetimes[slot];
        if (lifetime == null) {
            lifetime = Arena.ofShared();
            slotLifetimes[slot] = lifetime;
            Lifetimes.register(lifetime.scope(), "SlabAllocator '" + name + "'",
                    "slot " + slot + " generation " + generations[slot]);
        }
        return Lifetimes.everything().asSlice(slabBases[slot >>> slabShift] + offset, slotSize).reinterpret(lifetime, null);
    }

    /**
     * Whether {@code handle} is a live handle of this allocator. Never throws for any {@code long}. O(1), any
     * thread (ordered with frees).
     *
     * @param handle any value
     * @return true if {@code handle} is live here; false for 0, stale, freed or foreign handles and after
     *         {@link #close()}
     */
    public boolean isLive(long handle) {
        if ((handle & ~INDEX_MASK & ~((long) GENERATION_MASK << INDEX_BITS)) != tagBits || closed) {
            return false;
        }
        long slot = handle & INDEX_MASK;
        return slot < freshSlots && generations[(int) slot] == (int) ((handle >>> INDEX_BITS) & GENERATION_MASK)
                && (generations[(int) slot] & 1) == 1;
    }

    /**
     * The handle of the {@code index}-th live slot in the dense live list: for picking a live slot by count or at
     * random. The dense order is no useful order: it is the order of allocation only until the first free, which
     * moves the last live slot into the freed position, so after churn it jumps around memory and a loop over it
     * misses the cache on every slot. To visit every live slot, use the address-order walk of
     * {@link #nextLive(int)}. O(1), no heap allocation, any thread (ordered with frees).
     *
     * @param index position in {@code [0, liveCount())}
     * @return the live handle at that position
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public long liveHandle(int index) {
        if (index < 0 || index >= liveCount) {
            throw new IndexOutOfBoundsException("index=" + index + " not in [0, liveCount=" + liveCount + ")");
        }
        int slot = dense[index];
        return tagBits | ((long) generations[slot] << INDEX_BITS) | slot;
    }

    /**
     * The address of the {@code index}-th live slot in the dense live list: {@code address(liveHandle(index))}
     * without the handle checks. In no useful order (see {@link #liveHandle(int)}); to visit every live slot, use
     * the address-order walk of {@link #nextLive(int)}. O(1), no heap allocation, any thread (ordered with frees).
     *
     * @param index position in {@code [0, liveCount())}
     * @return the slot's address, aligned to {@link #alignment()}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public long liveAddress(int index) {
        if (index < 0 || index >= liveCount) {
            throw new IndexOutOfBoundsException("index=" + index + " not in [0, liveCount=" + liveCount + ")");
        }
        int slot = dense[index];
        return slabBases[slot >>> slabShift] + (slot & slotMask) * slotSize;
    }

    // =====================================================================================================
    // Address-order iteration
    // =====================================================================================================

    /**
     * One past the highest slot ever handed out: {@code [0, slotLimit())} covers every live slot. It only grows
     * (a fresh slot is handed out only when no freed slot is left, so it is the peak live count since the first
     * allocation); {@link #reset()} keeps it, {@link #close()} makes it 0. O(1), no heap allocation.
     * <p>
     * <b>Threads:</b> any thread, while the owner is not allocating, freeing or resetting; the reader must see
     * the owner's last such call through a happens-before edge (a volatile write it reads, a lock, a queue
     * hand-off, {@code Thread.start}).
     *
     * @return the slot limit, in [{@link #liveCount()}, {@link #capacity()}]
     */
    public int slotLimit() {
        return freshSlots;
    }

    /**
     * The lowest live slot at or above {@code fromSlot}: the step of the address-order walk.
     * {@snippet :
     * for (int s = slab.nextLive(0); s < slab.slotLimit(); s = slab.nextLive(s + 1)) {
     *     long p = slab.slotAddress(s);
     * }
     * }
     * Slot order is address order within a slab, and slabs follow in the order they were reserved. Walking
     * {@code for (int s = nextLive(from); s < to; s = nextLive(s + 1))} over ranges that partition
     * {@code [0, slotLimit())} visits every live slot exactly once, so the ranges can go to different threads.
     * <ul>
     * <li><b>During a walk:</b> on the owner thread, freeing the slot just visited (or any other) is allowed and
     *     skips no live slot; a slot allocated during the walk is visited if it lies above the current one.</li>
     * <li><b>Threads:</b> any thread, while the owner is not allocating, freeing or resetting; the reader must
     *     see the owner's last such call through a happens-before edge (a volatile write it reads, a lock, a
     *     queue hand-off, {@code Thread.start}).</li>
     * <li><b>Complexity:</b> amortised O(1) per live slot visited: an occupancy bitmap has a bit per slot and a
     *     summary bitmap a bit per 64 slots, so one step skips a run of up to 4,096 free slots. No heap
     *     allocation.</li>
     * </ul>
     *
     * @param fromSlot the first slot to consider, {@code >= 0}; values at or above {@link #slotLimit()} are allowed
     * @return the lowest live slot {@code >= fromSlot}, or {@link #slotLimit()} if there is none
     * @throws IndexOutOfBoundsException if {@code fromSlot} is negative
     */
    public int nextLive(int fromSlot) {
        int limit = freshSlots;
        if (Integer.compareUnsigned(fromSlot, limit) >= 0) {
            return atOrPastLimit(fromSlot, limit);
        }
        int word = fromSlot >>> 6;
        long bits = liveBits[word] & (-1L << fromSlot);
        if (bits != 0) {
            return (word << 6) + Long.numberOfTrailingZeros(bits);
        }
        return nextLiveAfter(word + 1, limit);
    }

    /**
     * The address of a live slot, as {@link #address(long)} gives for its handle.
     * <ul>
     * <li><b>Alignment:</b> a multiple of {@link #alignment()}, with {@link #slotSize()} usable bytes.</li>
     * <li><b>Lifetime:</b> valid until the slot is freed, {@link #reset()} or {@link #close()}.</li>
     * <li><b>Threads:</b> any thread, while the owner is not allocating, freeing or resetting (see
     *     {@link #nextLive(int)}).</li>
     * <li><b>Complexity:</b> O(1), no heap allocation.</li>
     * </ul>
     *
     * @param slot a live slot, in {@code [0, slotLimit())}
     * @return the slot's native address
     * @throws IndexOutOfBoundsException if {@code slot} is outside {@code [0, slotLimit())}
     * @throws IllegalStateException     if the slot is not live, or the allocator is closed
     */
    public long slotAddress(int slot) {
        if (Integer.compareUnsigned(slot, freshSlots) >= 0 || (liveBits[slot >>> 6] & (1L << slot)) == 0) {
            throw notLiveSlot(slot, "address");
        }
        return slabBases[slot >>> slabShift] + (slot & slotMask) * slotSize;
    }

    /**
     * The current handle of a live slot: the handle {@link #allocate()} returned for it (in checked mode too), so
     * the walk can {@link #free(long)} the slot it visits or keep a reference to it.
     * <ul>
     * <li><b>Lifetime:</b> live until the slot is freed, {@link #reset()} or {@link #close()}.</li>
     * <li><b>Threads:</b> any thread, while the owner is not allocating, freeing or resetting (see
     *     {@link #nextLive(int)}).</li>
     * <li><b>Complexity:</b> O(1), no heap allocation.</li>
     * </ul>
     *
     * @param slot a live slot, in {@code [0, slotLimit())}
     * @return the slot's live handle, never 0
     * @throws IndexOutOfBoundsException if {@code slot} is outside {@code [0, slotLimit())}
     * @throws IllegalStateException     if the slot is not live, or the allocator is closed
     */
    public long slotHandle(int slot) {
        if (Integer.compareUnsigned(slot, freshSlots) >= 0 || (liveBits[slot >>> 6] & (1L << slot)) == 0) {
            throw notLiveSlot(slot, "handle");
        }
        return tagBits | ((long) generations[slot] << INDEX_BITS) | slot;
    }

    /**
     * The number of live slots in {@code [fromSlot, toSlot)}: what a walk of that range visits. Splitting a walk
     * over worker threads needs it twice: to cut {@code [0, slotLimit())} into ranges of about equal work, and to
     * size each range's output exactly before its walk starts.
     * {@snippet :
     * int count = slab.liveCount(from, to);
     * long vertices = frames.worker(i).allocateAddress(count * 16L, 16); // exactly the range's vertices
     * for (int s = slab.nextLive(from); s < to; s = slab.nextLive(s + 1)) { ... }
     * }
     * <ul>
     * <li><b>Threads:</b> any thread, while the owner is not allocating, freeing or resetting (see
     *     {@link #nextLive(int)}).</li>
     * <li><b>Complexity:</b> O(1 + (toSlot - fromSlot) / 64): a population count per word of the occupancy
     *     bitmap. No heap allocation.</li>
     * </ul>
     *
     * @param fromSlot first slot of the range, in {@code [0, toSlot]}
     * @param toSlot   one past the last slot of the range, in {@code [fromSlot, slotLimit()]}
     * @return the live slots in the range, in {@code [0, toSlot - fromSlot]}
     * @throws IndexOutOfBoundsException if the range is not inside {@code [0, slotLimit()]} or
     *                                   {@code fromSlot > toSlot}
     */
    public int liveCount(int fromSlot, int toSlot) {
        int limit = freshSlots;
        if (fromSlot < 0 || fromSlot > toSlot || toSlot > limit) {
            throw new IndexOutOfBoundsException("range [fromSlot=" + fromSlot + ", toSlot=" + toSlot
                    + ") not inside [0, slotLimit=" + limit + "] of slab allocator '" + name + "'");
        }
        if (fromSlot == toSlot) {
            return 0;
        }
        long[] bitmap = liveBits;
        int first = fromSlot >>> 6;
        int last = (toSlot - 1) >>> 6;
        long lowMask = -1L << fromSlot;         // bits >= fromSlot in its word
        long highMask = -1L >>> -toSlot;         // bits < toSlot in its word (all when toSlot % 64 == 0)
        if (first == last) {
            return Long.bitCount(bitmap[first] & lowMask & highMask);
        }
        int count = Long.bitCount(bitmap[first] & lowMask) + Long.bitCount(bitmap[last] & highMask);
        for (int w = first + 1; w < last; w++) {
            count += Long.bitCount(bitmap[w]);
        }
        return count;
    }

    /**
     * The occupancy of the 64 slots of word {@code word}: bit {@code i} is set when slot
     * {@code word * WORD_SLOTS + i} is live. The step of the word-at-a-time walk, which visits 64 slots per call and
     * finds each live one with {@link Long#numberOfTrailingZeros(long)}; with {@link #wordAddress(int)} it needs no
     * per-slot call into the allocator.
     * {@snippet :
     * int words = (slab.slotLimit() + SlabAllocator.WORD_SLOTS - 1) / SlabAllocator.WORD_SLOTS;
     * long size = slab.slotSize();
     * for (int w = 0; w < words; w++) {
     *     long bits = slab.liveWord(w);
     *     long base = slab.wordAddress(w);
     *     while (bits != 0) {
     *         int i = Long.numberOfTrailingZeros(bits);
     *         long p = base + i * size;   // slot w * 64 + i, as slotAddress gives it
     *         bits &= bits - 1;
     *     }
     * }
     * }
     * The word is a snapshot: freeing a slot of it mid-walk (owner thread) does not change the bits already read, so
     * the walk neither skips nor revisits a slot; a slot allocated into a word already read is not visited. Bits of
     * slots at or above {@link #slotLimit()} are always 0. A range {@code [from, to)} that does not start or end on
     * a word boundary masks its first and last words ({@code -1L << from}, {@code -1L >>> -to}).
     * <ul>
     * <li><b>Threads:</b> any thread, while the owner is not allocating, freeing or resetting; the reader must
     *     see the owner's last such call through a happens-before edge (see {@link #nextLive(int)}).</li>
     * <li><b>Complexity:</b> O(1), one array read; no heap allocation.</li>
     * </ul>
     *
     * @param word a word of the bitmap, in {@code [0, (slotLimit() + 63) / 64)}
     * @return the word's live bits; 0 when none of its slots is live
     * @throws IndexOutOfBoundsException if {@code word} is outside that range
     * @throws IllegalStateException     if the allocator is closed
     */
    public long liveWord(int word) {
        if (Integer.compareUnsigned(word, (freshSlots + 63) >>> 6) >= 0) {
            throw badWord(word, "live bits");
        }
        return liveBits[word];
    }

    /**
     * The address of slot {@code word * WORD_SLOTS}, the first slot of word {@code word}: the 64 slots of a word are
     * contiguous, so slot {@code word * 64 + i} lies at {@code wordAddress(word) + i * slotSize()}, whether or not it
     * is live (a slot at or above {@link #slotLimit()} is reserved memory the allocator has not handed out; do not
     * touch it). It needs slabs of at least {@value #WORD_SLOTS} slots: {@code slotsPerSlab()} is a power of two, so
     * then a word never crosses a slab; an allocator built with fewer slots per slab throws instead.
     * <ul>
     * <li><b>Alignment:</b> a multiple of {@link #alignment()}.</li>
     * <li><b>Lifetime:</b> the address of a live slot is valid until that slot is freed, {@link #reset()} or
     *     {@link #close()}.</li>
     * <li><b>Threads:</b> any thread, while the owner is not allocating, freeing or resetting (see
     *     {@link #nextLive(int)}).</li>
     * <li><b>Complexity:</b> O(1); no heap allocation.</li>
     * </ul>
     *
     * @param word a word of the bitmap, in {@code [0, (slotLimit() + 63) / 64)}
     * @return the native address of the word's first slot
     * @throws IndexOutOfBoundsException if {@code word} is outside that range
     * @throws IllegalStateException     if {@link #slotsPerSlab()} is below {@value #WORD_SLOTS}, or the allocator
     *                                   is closed
     */
    public long wordAddress(int word) {
        if (Integer.compareUnsigned(word, (freshSlots + 63) >>> 6) >= 0 || slotsPerSlab < WORD_SLOTS) {
            throw badWord(word, "address");
        }
        int slot = word << 6;
        return slabBases[slot >>> slabShift] + (slot & slotMask) * slotSize;
    }

    private RuntimeException badWord(int word, String what) {
        if (closed) {
            return new IllegalStateException("cannot read the " + what + " of word " + word + ": slab allocator '"
                    + name + "' is closed");
        }
        int words = (freshSlots + 63) >>> 6;
        if (word < 0 || word >= words) {
            return new IndexOutOfBoundsException("word=" + word + " not in [0, (slotLimit=" + freshSlots
                    + " + 63) / 64=" + words + ") of slab allocator '" + name + "'");
        }
        return new IllegalStateException("slab allocator '" + name + "' has slotsPerSlab=" + slotsPerSlab
                + ", below the " + WORD_SLOTS + " slots of a word, so the slots of word " + word
                + " are not contiguous; build it with slotsPerSlab >= " + WORD_SLOTS + " for the word walk");
    }

    /** The slot index of a handle of any allocator (tests use it to model slots). */
    static int slotOf(long handle) {
        return (int) (handle & INDEX_MASK);
    }

    /** {@link #nextLive(int)} for a {@code fromSlot} outside {@code [0, limit)}. */
    private static int atOrPastLimit(int fromSlot, int limit) {
        if (fromSlot < 0) {
            throw new IndexOutOfBoundsException("fromSlot=" + fromSlot + " is negative");
        }
        return limit;
    }

    /** The lowest live slot in words {@code >= word} of the occupancy bitmap, or {@code limit}. */
    private int nextLiveAfter(int word, int limit) {
        int usedWords = (limit + 63) >>> 6;
        if (word >= usedWords) {
            return limit;
        }
        long[] bitmap = liveBits;
        long bits = bitmap[word];
        if (bits != 0) {
            return (word << 6) + Long.numberOfTrailingZeros(bits);
        }
        long[] summary = liveWords;
        int group = word >>> 6;
        int groups = (usedWords + 63) >>> 6;
        long words = summary[group] & (-1L << word);
        while (words == 0) {
            if (++group >= groups) {
                return limit;
            }
            words = summary[group];
        }
        int found = (group << 6) + Long.numberOfTrailingZeros(words);
        return (found << 6) + Long.numberOfTrailingZeros(bitmap[found]);
    }

    private RuntimeException notLiveSlot(int slot, String what) {
        if (closed) {
            return new IllegalStateException("cannot read the " + what + " of slot " + slot + ": slab allocator '"
                    + name + "' is closed");
        }
        if (slot < 0 || slot >= freshSlots) {
            return new IndexOutOfBoundsException("slot=" + slot + " not in [0, slotLimit=" + freshSlots
                    + ") of slab allocator '" + name + "'");
        }
        return new IllegalStateException("slot=" + slot + " of slab allocator '" + name + "' is free, not live"
                + " (generation " + generations[slot] + "); cannot read its " + what);
    }

    // =====================================================================================================
    // Reset
    // =====================================================================================================

    /**
     * Frees every live slot at once: all handles become stale, memory stays reserved and is reused lowest slot
     * first; {@link #slotLimit()} is kept. Owner thread only, while no walk runs on another thread. O(live slots
     * + capacity / 64), no heap allocation (checked mode also poisons each live slot and ends its segment).
     *
     * @throws IllegalStateException if closed
     * @throws WrongThreadException  if called from a thread other than the owner
     */
    public void reset() {
        if (Thread.currentThread() != owner) {
            throw wrongThread("reset");
        }
        checkOpen();
        for (int i = 0; i < liveCount; i++) {
            int slot = dense[i];
            generations[slot] = (generations[slot] + 1) & GENERATION_MASK;
            if (checked) {
                releaseChecked(slot);
            }
        }
        freeCount += liveCount;
        liveCount = 0;
        Arrays.fill(liveBits, 0L);
        Arrays.fill(liveWords, 0L);
        Arrays.fill(fullWords, 0L);
        firstFreeWord = 0;
    }

    // =====================================================================================================
    // Slow paths
    // =====================================================================================================

    /**
     * The lowest free slot when the word {@code firstFreeWord} points at has none below the capacity: finds the
     * lowest word that is not full through the summary of full words (one step per 4,096 full slots) and points
     * {@code firstFreeWord} at it, or reserves a new slab when every slot is live.
     */
    private int lowestFreeSlotElsewhere() {
        long[] bitmap = liveBits;
        int words = bitmap.length;
        int word = firstFreeWord;
        int slot = -1;
        if (word < words) {
            long[] full = fullWords;
            int group = word >>> 6;
            long open = ~full[group] & (-1L << word);
            while (open == 0 && ++group < full.length) {
                open = ~full[group];
            }
            word = (group << 6) + Long.numberOfTrailingZeros(open);
            if (open != 0 && word < words) {
                slot = (word << 6) + Long.numberOfTrailingZeros(~bitmap[word]);
            }
        }
        if (slot < 0 || slot >= generations.length) {
            slot = allocateInNewSlab();
        }
        firstFreeWord = slot >>> 6;
        return slot;
    }

    /** Reserves a slab and grows the per-slot arrays; returns its first slot, the next fresh one. */
    private int allocateInNewSlab() {
        checkOpen();
        if (slabCount >= maxSlabs) {
            throw new ArenaExhaustedException("slab allocator '" + name + "' exhausted: requested=1 slot slotSize="
                    + slotSize + " live=" + liveCount + " capacity=" + capacity() + " slabs=" + slabCount
                    + " maxSlabs=" + maxSlabs, name, slotSize, (long) liveCount * slotSize,
                    slabs.reservedBytes(), saturatedMultiply((long) maxSlabs * slotsPerSlab, slotSize));
        }
        long bytes = slotSize * slotsPerSlab;
        NativeBlock slab = NativeBlock.allocate(bytes, alignment);
        if (slab == null) {
            throw new ArenaExhaustedException("slab allocator '" + name + "' exhausted: the operating system refused"
                    + " a slab of " + bytes + " bytes (live=" + liveCount + " capacity=" + capacity() + ")",
                    name, slotSize, (long) liveCount * slotSize, slabs.reservedBytes(), Long.MAX_VALUE);
        }
        if (slabCount == slabBases.length) {
            slabBases = Arrays.copyOf(slabBases, slabCount * 2);
            slabSegments = Arrays.copyOf(slabSegments, slabCount * 2);
        }
        slabs.add(slab);
        slabBases[slabCount] = slab.base();
        slabSegments[slabCount] = slab.segment();
        slabCount++;
        int capacity = slabCount * slotsPerSlab;
        generations = Arrays.copyOf(generations, capacity);
        int words = (capacity + 63) >>> 6;
        liveBits = Arrays.copyOf(liveBits, words);
        liveWords = Arrays.copyOf(liveWords, (words + 63) >>> 6);
        fullWords = Arrays.copyOf(fullWords, (words + 63) >>> 6);
        dense = Arrays.copyOf(dense, capacity);
        densePosition = Arrays.copyOf(densePosition, capacity);
        if (checked) {
            slotLifetimes = Arrays.copyOf(slotLifetimes == null ? new Arena[0] : slotLifetimes, capacity);
        }
        return freshSlots;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    private void releaseChecked(int slot) {
        Arena lifetime = slotLifetimes[slot];
        if (lifetime != null) {
            Lifetimes.ended(lifetime.scope(), "free of slot " + slot);
            lifetime.close();
            slotLifetimes[slot] = null;
        }
        long address = slabBases[slot >>> slabShift] + (slot & slotMask) * slotSize;
        Lifetimes.everything().asSlice(address, slotSize).fill(AllocationLedger.POISON_PATTERN);
    }

    /** Validates a handle for a call that needs a live slot, and returns its slot index. */
    private int liveSlot(long handle, String action) {
        long slotIndex = handle & INDEX_MASK;
        int generation = (int) ((handle >>> INDEX_BITS) & GENERATION_MASK);
        if ((handle >>> (INDEX_BITS + GENERATION_BITS)) != tag || slotIndex >= freshSlots || closed) {
            throw foreignHandle(handle, action);
        }
        int slot = (int) slotIndex;
        int current = generations[slot];
        if (current != generation || (generation & 1) == 0) {
            throw deadHandle(handle, action, slot, generation, current);
        }
        return slot;
    }

    private RuntimeException foreignHandle(long handle, String action) {
        if (closed) {
            return new IllegalStateException("cannot " + action + " handle 0x" + Long.toHexString(handle)
                    + ": slab allocator '" + name + "' is closed");
        }
        if (handle == 0) {
            return new IllegalArgumentException("handle=0 is the null handle, not a slot (" + action + " on '" + name + "')");
        }
        long handleTag = handle >>> (INDEX_BITS + GENERATION_BITS);
        if (handleTag != tag) {
            return new IllegalArgumentException("handle=0x" + Long.toHexString(handle) + " belongs to another allocator"
                    + " (its tag=" + handleTag + ", slab allocator '" + name + "' has tag=" + tag + "); cannot " + action);
        }
        return new IllegalArgumentException("handle=0x" + Long.toHexString(handle) + " names slot "
                + (handle & INDEX_MASK) + ", which slab allocator '" + name + "' never handed out (used slots="
                + freshSlots + "); cannot " + action);
    }

    private IllegalStateException deadHandle(long handle, String action, int slot, int generation, int current) {
        boolean freedNotReused = ((generation + 1) & GENERATION_MASK) == current;
        String what = "free".equals(action) && freedNotReused ? "double free" : "stale handle";
        return new IllegalStateException(what + " in slab allocator '" + name + "': handle=0x" + Long.toHexString(handle)
                + " slot=" + slot + " generation=" + generation + ", but the slot is now at generation " + current
                + (freedNotReused ? " (freed)" : (current & 1) == 1 ? " (freed and reused)" : " (freed and reused, then freed)")
                + "; cannot " + action);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("slab allocator '" + name + "' is closed");
        }
    }

    private WrongThreadException wrongThread(String action) {
        return new WrongThreadException("cannot " + action + " slab allocator '" + name + "' from thread '"
                + Thread.currentThread().getName() + "': it is confined to its owner thread '" + owner.getName() + "'");
    }

    // =====================================================================================================
    // Stats
    // =====================================================================================================

    /**
     * Live slots. Any thread; may be stale off the owner thread. O(1).
     *
     * @return the number of live handles, in [0, {@link #capacity()}]; 0 after {@link #close()}
     */
    public int liveCount() {
        return liveCount;
    }

    /**
     * Slots in the slabs reserved so far. Any thread; may be stale off the owner thread. O(1).
     *
     * @return {@code slabs * slotsPerSlab()}, at most {@link #MAX_SLOTS}; after {@link #close()} still the
     *         value before the close
     */
    public int capacity() {
        return slabCount * slotsPerSlab;
    }

    /**
     * Bytes per slot: the requested size rounded up to the alignment.
     *
     * @return the slot size in bytes, a multiple of {@link #alignment()}
     */
    public long slotSize() {
        return slotSize;
    }

    /**
     * Slots per slab (the requested number rounded up to a power of two).
     *
     * @return the slots per slab, a power of two
     */
    public int slotsPerSlab() {
        return slotsPerSlab;
    }

    /**
     * Alignment of every slot's address.
     *
     * @return the alignment in bytes, a power of two {@code >= 8}
     */
    public long alignment() {
        return alignment;
    }

    /**
     * The name used in messages.
     *
     * @return the name, never blank
     */
    public String name() {
        return name;
    }

    /**
     * Whether this allocator runs in checked mode.
     *
     * @return true if checked
     */
    public boolean isChecked() {
        return checked;
    }

    /**
     * A snapshot of every statistic (allocates the record). Any thread; may be stale or inconsistent off the
     * owner thread. O(1).
     *
     * @return a new snapshot
     */
    public SlabStats stats() {
        return new SlabStats(requestedSlotSize, slotSize, slotsPerSlab, slabCount, capacity(), liveCount, peakLive,
                allocationCount, freeCount, slabs.reservedBytes());
    }

    /**
     * Frees every slab. Afterwards {@link #allocate()}, {@link #reset()} and every method that resolves a handle
     * throw {@link IllegalStateException}, and so does access through segments handed out; {@link #isLive(long)}
     * returns false and {@link #liveCount()} 0. Idempotent: a second call does nothing, on any thread.
     * O(slabs) (checked mode: O(slots)).
     *
     * @throws WrongThreadException if not yet closed and this is not the owner thread
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw wrongThread("close");
        }
        closed = true;
        if (slotLifetimes != null) {
            for (int i = 0; i < slotLifetimes.length; i++) {
                if (slotLifetimes[i] != null) {
                    Lifetimes.ended(slotLifetimes[i].scope(), "close() of slab allocator '" + name + "'");
                    slotLifetimes[i].close();
                    slotLifetimes[i] = null;
                }
            }
        }
        slabs.freeAll();
        Arrays.fill(slabSegments, null);
        liveCount = 0;
        freshSlots = 0;
        liveBits = new long[0]; // every allocation now takes the slow path, which reports the close
        slabCount = 0;
        generations = new int[0];
        lifecycle.close();
    }

    @Override
    public String toString() {
        return "SlabAllocator[name=" + name + ", slotSize=" + slotSize + ", live=" + liveCount + ", capacity="
                + capacity() + (checked ? ", checked" : "") + (closed ? ", closed" : "") + "]";
    }

    /** Configures a {@link SlabAllocator}. Each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private long slotSize = 64;
        private int slotsPerSlab = 1024;
        private long maxSlabs = Integer.MAX_VALUE;
        private boolean maxSlabsSet;
        private long alignment = 16;
        private String name = "slab";
        private Boolean checked;

        private Builder() {}

        /**
         * Bytes per slot (default 64); rounded up to the alignment.
         *
         * @param slotSize bytes per slot, {@code > 0}
         * @return this builder
         * @throws IllegalArgumentException if {@code slotSize <= 0}
         */
        public Builder slotSize(long slotSize) {
            this.slotSize = Checks.requirePositive("slotSize", slotSize);
            return this;
        }

        /**
         * Slots per slab (default 1024); rounded up to a power of two. The word-at-a-time walk's
         * {@link SlabAllocator#wordAddress(int)} needs at least {@value SlabAllocator#WORD_SLOTS}.
         *
         * @param slotsPerSlab slots per slab, in [1, 2<sup>28</sup>]
         * @return this builder
         * @throws IllegalArgumentException if {@code slotsPerSlab <= 0} or above 2<sup>28</sup>
         */
        public Builder slotsPerSlab(int slotsPerSlab) {
            Checks.requirePositive("slotsPerSlab", slotsPerSlab);
            if (slotsPerSlab > MAX_SLOTS) {
                throw new IllegalArgumentException("slotsPerSlab=" + slotsPerSlab + " exceeds " + MAX_SLOTS);
            }
            this.slotsPerSlab = slotsPerSlab;
            return this;
        }

        /**
         * Most slabs to reserve; past it {@link SlabAllocator#allocate()} throws {@link ArenaExhaustedException}.
         * Default: as many as handles can address.
         *
         * @param maxSlabs the slab limit, {@code > 0}; {@code maxSlabs * slotsPerSlab} must not exceed
         *                 {@link SlabAllocator#MAX_SLOTS} (checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code maxSlabs <= 0}
         */
        public Builder maxSlabs(int maxSlabs) {
            this.maxSlabs = Checks.requirePositive("maxSlabs", maxSlabs);
            this.maxSlabsSet = true;
            return this;
        }

        /**
         * Alignment of every slot, default 16; values below 8 are raised to 8 (the free-list link is a long).
         *
         * @param alignment alignment in bytes, a power of two {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException if not a positive power of two
         */
        public Builder alignment(long alignment) {
            this.alignment = Math.max(8, Checks.requirePowerOfTwo("alignment", alignment));
            return this;
        }

        /**
         * Name for messages and leak reports (default "slab").
         *
         * @param name the name, not blank
         * @return this builder
         * @throws IllegalArgumentException if null or blank
         */
        public Builder name(String name) {
            this.name = Checks.requireName(name);
            return this;
        }

        /**
         * Turns checked mode on or off, overriding {@code -Ddev.framealloc.checked}.
         *
         * @param checked true for checked mode
         * @return this builder
         */
        public Builder checked(boolean checked) {
            this.checked = checked;
            return this;
        }

        /**
         * Builds the allocator, owned by the calling thread. Reserves nothing until the first allocation.
         *
         * @return the new allocator
         * @throws IllegalArgumentException if {@code maxSlabs * slotsPerSlab} (rounded) exceeds {@link #MAX_SLOTS},
         *                                  or a slab's byte size ({@code slotSize * slotsPerSlab}, rounded)
         *                                  overflows a {@code long}
         */
        public SlabAllocator build() {
            return new SlabAllocator(this);
        }
    }
}
