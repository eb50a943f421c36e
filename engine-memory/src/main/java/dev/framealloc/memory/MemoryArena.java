package dev.framealloc.memory;

import dev.framealloc.memory.internal.AllocationLedger;
import dev.framealloc.memory.internal.BlockList;
import dev.framealloc.memory.internal.CheckedMode;
import dev.framealloc.memory.internal.Checks;
import dev.framealloc.memory.internal.Lifecycle;
import dev.framealloc.memory.internal.Lifetimes;
import dev.framealloc.memory.internal.NativeBlock;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Arrays;

/**
 * A bump allocator over off-heap blocks: allocation moves a pointer, {@link #reset()} moves it back.
 *
 * <h2>Model</h2>
 * The arena reserves native memory in blocks of {@link Builder#blockSize(long) blockSize} bytes. An allocation
 * aligns the bump pointer up, checks the block's end and advances the pointer: O(1), no locks, no heap
 * allocation for {@link #allocateAddress}. When the current block is full, a new block is chained; a request
 * larger than the block size gets a block of its own. Nothing is ever truncated. Total reserved memory can be
 * capped with {@link Builder#maxBytes(long)}: a budget for the bytes in use. A new block replaces the current one
 * if nothing is allocated in that yet, and blocks left over after a {@link #resetTo(long)} are released, so only
 * blocks holding allocations count against the cap, and an empty arena serves any single request of up to
 * {@code maxBytes}. A request that does not fit the cap throws {@link ArenaExhaustedException} and leaves the
 * arena as it was.
 * <p>
 * {@link #reset()} makes all memory reusable in O(1). If the arena had to grow since its last reset, the reset
 * also consolidates: it frees the chain and reserves <em>one</em> block at least as large as the peak usage,
 * so a steady workload runs in one contiguous block and never grows again.
 * <p>
 * {@link #mark()}/{@link #resetTo(long)} and {@link #scope()} release memory in stack order, so nested
 * temporary work can reuse memory without a full reset.
 *
 * <h2>Lifetime</h2>
 * Memory handed out stays valid until the {@code reset()}, the {@code resetTo(mark)} past it, or the
 * {@code close()} that ends it. In unchecked mode, a raw address used after that reads whatever was written
 * next. In checked mode ({@link Builder#checked(boolean)} or {@code -Ddev.framealloc.checked=true}) every
 * segment handed out dies with its allocation and throws {@link IllegalStateException} on access, guard bytes
 * after each allocation catch overruns, and released memory is poisoned with {@code 0xDE} bytes.
 *
 * <h2>Threads</h2>
 * Allocation, marks, reset and close are confined to the owner thread, the one that built the arena; other
 * threads get {@link WrongThreadException}. The memory itself may be read and written by any thread, for
 * example a render thread reading the previous frame; ordering that access is the caller's job (a frame
 * boundary, a queue, a fence). The stats getters may be called from any thread and return a possibly stale
 * value.
 *
 * <h2>Example</h2>
 * {@snippet :
 * try (MemoryArena arena = MemoryArena.create(1 << 20)) {
 *     MemorySegment floats = arena.allocate(ValueLayout.JAVA_FLOAT, 1024); // typed, not zeroed
 *     long vertices = arena.allocateAddress(64 * 1024, 16);             // raw address for LWJGL n* calls
 *     try (var scope = arena.scope()) {
 *         MemorySegment scratch = arena.allocateZeroed(4096, 16);
 *     } // scratch released here
 *     arena.reset(); // everything released, memory reused
 * }
 * }
 */
public final class MemoryArena implements SegmentAllocator, AutoCloseable {
    /** Alignment used by {@link #allocate(long)} and {@link #allocateAddress(long)} unless configured. */
    public static final long DEFAULT_ALIGNMENT = 16;
    /** Maximum nesting of live marks and scopes. */
    public static final int MAX_MARK_DEPTH = 0xFFFF;

    private static final int MARK_DEPTH_BITS = 16;
    private static final long CONSOLIDATION_GRANULE = 4096;

    // ---- hot state: read and written by every allocation ----
    /** The thread allowed to allocate; final except for {@link #transferOwner}, used by FrameArenas and ScratchArena. */
    private Thread owner;
    /**
     * Address of the last byte in use: the bump pointer minus one, so that the align-up is one OR
     * ({@code lastByte | (alignment - 1)} is the byte before the aligned start). {@link Long#MAX_VALUE} when there
     * is no current block.
     */
    private long lastByte;
    /** Declared next to lastByte: the two fields every allocation stores, so they usually share a cache line. */
    private long allocationCount;
    /** Last byte of the current block, or 0 when every allocation must take the slow path (checked mode, closed). */
    private long fastLastByte;
    // ---- cold state of the bump ----
    private long wastedBytes;              // abandoned block tails; in checked mode also padding and guards
    private final AllocationLedger ledger; // null unless checked

    // ---- configuration ----
    private final String name;
    private final long blockSize;
    private final long maxBytes;
    private final long defaultAlignment;
    private final boolean fixedMemory;

    // ---- blocks ----
    private final BlockList blocks;
    private long[] blockStarts = new long[4]; // logical offset of each block: sum of the sizes before it
    private int current = -1;
    private MemorySegment currentSegment;
    private long currentBase;
    private long currentStart;
    private long blockEnd;

    // ---- marks: a stack of (token, position, block, requested, ledger count, is-scope) ----
    private long[] markTokens = new long[8];
    private long[] markPositions = new long[8];
    private long[] markWasted = new long[8];
    private int[] markBlocks = new int[8];
    private int[] markLedgerCounts = new int[8];
    private Scope[] markScopes = new Scope[8];
    private Scope[] scopePool = new Scope[8]; // unchecked mode reuses one Scope object per depth
    private int markDepth;
    private long markSerial;

    // ---- stats ----
    private long peakBytes;
    private long windowPeakBytes;
    private long resetCount;
    private long growthCount;

    // ---- checked mode and lifecycle ----
    private final Lifetimes lifetimes; // null unless checked
    private final Lifecycle.Handle lifecycle;
    private String generationLabel;
    private boolean closed;
    /** Set by ScratchArena on an arena a virtual thread borrowed: closing its outermost scope gives it back. */
    private boolean returnsToScratchPool;

    private MemoryArena(Builder b) {
        this.owner = Thread.currentThread();
        this.name = b.name;
        this.defaultAlignment = b.defaultAlignment;
        this.blocks = new BlockList();
        this.generationLabel = "generation 0";
        if (b.memory != null) {
            this.fixedMemory = true;
            this.blockSize = b.memory.byteSize();
            this.maxBytes = b.memory.byteSize();
            blocks.add(NativeBlock.borrow(b.memory));
        } else {
            this.fixedMemory = false;
            this.blockSize = b.blockSize;
            this.maxBytes = b.maxBytes;
            if (blockSize > maxBytes) {
                throw new IllegalArgumentException("blockSize=" + blockSize + " exceeds maxBytes=" + maxBytes);
            }
            NativeBlock first = NativeBlock.allocate(blockSize, defaultAlignment);
            if (first == null) {
                throw new ArenaExhaustedException(name, blockSize, NativeBlock.BLOCK_ALIGNMENT, 0, 0, maxBytes,
                        "the operating system refused the first block");
            }
            blocks.add(first);
        }
        boolean checked = b.checked != null ? b.checked : CheckedMode.checkedByDefault();
        boolean trackSites = b.trackSites != null ? b.trackSites : CheckedMode.trackSitesByDefault();
        this.ledger = checked ? new AllocationLedger(trackSites) : null;
        this.lifetimes = checked ? new Lifetimes("MemoryArena '" + name + "'", generationLabel) : null;
        enterBlock(0, blocks.get(0).base());
        this.lifecycle = Lifecycle.register(this, "MemoryArena", name, blocks);
    }

    /**
     * Creates an unchecked (unless {@code -Ddev.framealloc.checked=true}), uncapped arena owned by the calling
     * thread, reserving its first block now.
     *
     * @param blockSize bytes per block, {@code > 0}
     * @return the new arena
     * @throws IllegalArgumentException if {@code blockSize <= 0}
     * @throws ArenaExhaustedException  if the first block cannot be reserved
     */
    public static MemoryArena create(long blockSize) {
        return builder().blockSize(blockSize).build();
    }

    /**
     * Returns a builder with the defaults: 64 KiB blocks, no cap, 16-byte default alignment, name "arena",
     * checked mode and site tracking from the system properties.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Number of {@code MemoryArena}s (including those inside {@link FrameArenas} and {@link ScratchArena}) and
     * {@link SlabAllocator}s created and neither closed nor collected. For leak tests. Any thread. O(1).
     *
     * @return the number of open allocators, {@code >= 0}
     */
    public static int openCount() {
        return Lifecycle.openCount();
    }

    /**
     * Tells where a segment handed out by a checked allocator came from (allocator name, frame or generation)
     * and, once its lifetime ended, which call ended it. Use it on a segment whose access threw.
     *
     * @param segment a segment from any allocator of this library
     * @return a description, or a note that the segment is unknown (not from a checked allocator)
     * @throws IllegalArgumentException if {@code segment} is null
     */
    public static String describe(MemorySegment segment) {
        if (segment == null) {
            throw new IllegalArgumentException("segment=null");
        }
        String origin = Lifetimes.describe(segment);
        return origin != null ? origin : "not a segment from a checked framealloc allocator";
    }

    // =====================================================================================================
    // Allocation
    // =====================================================================================================

    /**
     * Allocates {@code byteSize} bytes and returns their native address, for LWJGL's {@code n*} methods.
     * This is the arena's fast path: it allocates no heap memory.
     *
     * <ul>
     * <li><b>Alignment:</b> the address is a multiple of {@code byteAlignment}.</li>
     * <li><b>Contents:</b> not zeroed: zeros in a fresh block, otherwise whatever the previous user left (in
     *     checked mode, the poison pattern {@code 0xDE} once released).</li>
     * <li><b>Lifetime:</b> until the {@link #reset()}, the {@link #resetTo(long)} or {@link Scope#close()} past
     *     it, or {@link #close()}.</li>
     * <li><b>Threads:</b> owner thread only; the memory itself may be accessed from any thread.</li>
     * <li><b>Complexity:</b> O(1); a new block is reserved when the current one is full.</li>
     * </ul>
     *
     * @param byteSize      bytes to allocate, {@code >= 0}; 0 returns an aligned address and consumes at most
     *                      alignment padding (plus 16 guard bytes in checked mode)
     * @param byteAlignment alignment in bytes, a power of two {@code >= 1}
     * @return the address of the first byte
     * @throws IllegalArgumentException if {@code byteSize < 0}, {@code byteAlignment} is not a positive power of
     *                                  two, or {@code byteSize + byteAlignment} (plus 16 guard bytes in checked
     *                                  mode) overflows a {@code long}
     * @throws ArenaExhaustedException  if the request does not fit {@code maxBytes} next to the blocks holding
     *                                  earlier allocations (an empty arena serves up to {@code maxBytes}, less 16
     *                                  guard bytes in checked mode), or the operating system refuses a new block;
     *                                  the arena is unchanged
     * @throws IllegalStateException    if the arena is closed
     * @throws WrongThreadException     if called from a thread other than the owner
     */
    public long allocateAddress(long byteSize, long byteAlignment) {
        long beforeStart = lastByte | (byteAlignment - 1); // the byte before the aligned start
        long last = beforeStart + byteSize;                 // the request's last byte
        // One branch for every reason to leave the fast path: wrong thread, bad arguments, a full block, checked
        // mode or a closed arena (both keep fastLastByte at 0). The slow path sorts out which one it was.
        // The bounds check is exact: with valid arguments, beforeStart is the OR of two non-negative longs, so
        // beforeStart + byteSize < 2^64 cannot wrap as an unsigned number.
        if (Thread.currentThread() != owner | (byteSize | byteAlignment) < 0 | Long.bitCount(byteAlignment) != 1
                | Long.compareUnsigned(last, fastLastByte) > 0) {
            return allocateSlow(byteSize, byteAlignment);
        }
        // Only the bump pointer and the count are stored: padding is not recorded (see ArenaStats#wastedBytes).
        lastByte = last;
        allocationCount++;
        return beforeStart + 1;
    }

    /**
     * Same as {@link #allocateAddress(long, long)} with the arena's default alignment: not zeroed, valid until
     * the reset, mark release or close that ends it, owner thread only, O(1), no heap allocation.
     *
     * @param byteSize bytes to allocate, {@code >= 0}
     * @return the address of the first byte, aligned to {@link #defaultAlignment()}
     * @throws IllegalArgumentException if {@code byteSize < 0} or overflows a {@code long} with the alignment
     * @throws ArenaExhaustedException  if the cap or the operating system refuses the memory
     * @throws IllegalStateException    if the arena is closed
     * @throws WrongThreadException     if called from a thread other than the owner
     */
    public long allocateAddress(long byteSize) {
        return allocateAddress(byteSize, defaultAlignment);
    }

    /**
     * Allocates {@code byteSize} bytes as a segment. Through {@link SegmentAllocator}'s default methods this
     * also serves typed arrays ({@code allocate(ValueLayout.JAVA_FLOAT, n)}, {@code allocateFrom(...)}).
     *
     * <ul>
     * <li><b>Alignment:</b> the segment's address is a multiple of {@code byteAlignment}.</li>
     * <li><b>Contents:</b> not zeroed (use {@link #allocateZeroed}).</li>
     * <li><b>Lifetime:</b> until the {@link #reset()}, the {@link #resetTo(long)} or {@link Scope#close()} past
     *     it, or {@link #close()}. In unchecked mode, access after that reads reused memory, or throws
     *     {@link IllegalStateException} once the block is freed (always after {@code close()} and after a reset
     *     that consolidated the blocks; an empty segment, which has no memory to access, never throws); in
     *     checked mode, access after any of them throws.</li>
     * <li><b>Threads:</b> allocate on the owner thread only; the segment is accessible from any thread.</li>
     * <li><b>Complexity:</b> O(1); allocates the segment object (use {@link #allocateAddress} for none).</li>
     * </ul>
     *
     * @param byteSize      bytes to allocate, {@code >= 0}
     * @param byteAlignment alignment in bytes, a power of two {@code >= 1}
     * @return a segment of exactly {@code byteSize} bytes
     * @throws IllegalArgumentException if {@code byteSize < 0}, {@code byteAlignment} is not a positive power of
     *                                  two, or {@code byteSize + byteAlignment} overflows a {@code long}
     * @throws ArenaExhaustedException  if the cap or the operating system refuses the memory; arena unchanged
     * @throws IllegalStateException    if the arena is closed
     * @throws WrongThreadException     if called from a thread other than the owner
     */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        // allocateAddress's fast path, inlined here so that the segment path pays for nothing else; empty
        // requests leave it too ((byteSize - 1) is negative for 0), see allocateSegmentSlow.
        long beforeStart = lastByte | (byteAlignment - 1);
        long last = beforeStart + byteSize;
        if (Thread.currentThread() != owner | ((byteSize - 1) | byteAlignment) < 0 | Long.bitCount(byteAlignment) != 1
                | Long.compareUnsigned(last, fastLastByte) > 0) {
            return allocateSegmentSlow(byteSize, byteAlignment);
        }
        // Slice first, store after: the stored values then reach the next call in registers, where the segment's
        // allocation in between would otherwise force them to be reloaded (measured with the allocation race).
        MemorySegment segment = currentSegment.asSlice(beforeStart + 1 - currentBase, byteSize);
        lastByte = last;
        allocationCount++;
        return segment;
    }

    /**
     * Same as {@link #allocate(long, long)} with the arena's default alignment (where the JDK's default would
     * use alignment 1): same lifetime, owner thread only, O(1).
     *
     * @param byteSize bytes to allocate, {@code >= 0}
     * @return a segment of exactly {@code byteSize} bytes, aligned to {@link #defaultAlignment()}, not zeroed
     * @throws IllegalArgumentException if {@code byteSize < 0} or overflows a {@code long} with the alignment
     * @throws ArenaExhaustedException  if the cap or the operating system refuses the memory
     * @throws IllegalStateException    if the arena is closed
     * @throws WrongThreadException     if called from a thread other than the owner
     */
    @Override
    public MemorySegment allocate(long byteSize) {
        return allocate(byteSize, defaultAlignment);
    }

    /**
     * Same as {@link #allocate(long, long)} (alignment, lifetime, owner thread only), with the contents filled
     * with zeros. O(byteSize).
     *
     * @param byteSize      bytes to allocate, {@code >= 0}
     * @param byteAlignment alignment in bytes, a power of two {@code >= 1}
     * @return a zeroed segment of exactly {@code byteSize} bytes, its address a multiple of {@code byteAlignment}
     * @throws IllegalArgumentException if {@code byteSize < 0}, {@code byteAlignment} is not a positive power of
     *                                  two, or {@code byteSize + byteAlignment} overflows a {@code long}
     * @throws ArenaExhaustedException  if the cap or the operating system refuses the memory; arena unchanged
     * @throws IllegalStateException    if the arena is closed
     * @throws WrongThreadException     if called from a thread other than the owner
     */
    public MemorySegment allocateZeroed(long byteSize, long byteAlignment) {
        MemorySegment segment = allocate(byteSize, byteAlignment);
        segment.fill((byte) 0);
        return segment;
    }

    // =====================================================================================================
    // Reset, marks and scopes
    // =====================================================================================================

    /**
     * Releases every allocation, every mark and every open scope (closing such a scope afterwards throws
     * {@link IllegalStateException}): all memory becomes reusable. O(1) in the number of allocations. If the
     * arena holds more than one block (it grew), it consolidates: the block chain is freed and one block of at
     * least {@link #peakBytes()} bytes (capped at {@link #maxBytes()}) is reserved, so the same workload will not
     * grow again. In checked mode, guards are verified (O(allocations)), the memory is poisoned and every segment
     * handed out becomes inaccessible. Arenas over caller-provided memory never consolidate.
     *
     * @throws GuardViolationException if checked mode found an overrun; the reset has still completed
     * @throws ArenaExhaustedException if consolidation could not reserve its block; the reset has still
     *                                 completed, and the arena stays usable and reserves blocks again on demand
     * @throws IllegalStateException   if the arena is closed
     * @throws WrongThreadException    if called from a thread other than the owner
     */
    public void reset() {
        checkOwnerAndOpen("reset");
        resetInternal(-1);
    }

    /** FrameArenas' reset: in checked mode, names the new generation after the frame. */
    void resetForFrame(long frameNumber) {
        checkOwnerAndOpen("beginFrame");
        resetInternal(frameNumber);
    }

    /** @param frameNumber the frame that starts, or -1 for a plain reset (labels are built in checked mode only) */
    private void resetInternal(long frameNumber) {
        updatePeak();
        String violation = null;
        if (ledger != null) {
            violation = ledger.verify(0, name);
            ledger.poison(0);
            ledger.restart();
            String endedBy = frameNumber < 0 ? "reset #" + (resetCount + 1) : "beginFrame() of frame " + frameNumber;
            generationLabel = frameNumber < 0 ? "generation " + (resetCount + 1) : "frame " + frameNumber;
            lifetimes.restart(endedBy, generationLabel);
        }
        Arrays.fill(markScopes, 0, markDepth, null);
        markDepth = 0;
        allocationCount = 0;
        wastedBytes = 0;
        windowPeakBytes = 0;
        resetCount++;
        if (blocks.count() > 1 && !fixedMemory) {
            consolidate();
        } else {
            enterBlock(0, blocks.get(0).base());
        }
        if (violation != null) {
            throw new GuardViolationException(violation);
        }
    }

    private void consolidate() {
        long size = Math.min(Math.max(blockSize, Checks.alignUp(peakBytes, CONSOLIDATION_GRANULE)), maxBytes);
        blocks.freeAll();
        NativeBlock block = NativeBlock.allocate(size, defaultAlignment);
        if (block == null) {
            enterNoBlock();
            throw new ArenaExhaustedException(name, size, NativeBlock.BLOCK_ALIGNMENT, 0, 0, maxBytes,
                    "the operating system refused the consolidated block");
        }
        blocks.add(block);
        enterBlock(0, block.base());
    }

    /**
     * Returns a token for the current position. {@link #resetTo(long)} with it releases everything allocated
     * after it. Marks nest in stack order: resetting to a mark also releases the marks taken after it.
     * O(1), no heap allocation after warm-up.
     *
     * @return an opaque positive token, valid until released by {@code resetTo}, a scope close or {@code reset}
     * @throws IllegalStateException if the arena is closed, or {@link #MAX_MARK_DEPTH} marks and scopes are
     *                               already live
     * @throws WrongThreadException  if called from a thread other than the owner
     */
    public long mark() {
        checkOwnerAndOpen("mark");
        return pushMark(null);
    }

    /**
     * Releases every allocation made after {@code mark}, and {@code mark} itself with every mark taken after it.
     * Memory stays reserved for reuse. O(1) (O(allocations released) in checked mode, which verifies their
     * guards, poisons them and makes their segments inaccessible).
     *
     * @param mark a live token from {@link #mark()} of this arena, {@code > 0}
     * @throws IllegalArgumentException if {@code mark} is not a token at all ({@code <= 0})
     * @throws IllegalStateException    if {@code mark} is not live here (already released, or from another
     *                                  arena), if a scope opened after it is still open (close the scope
     *                                  instead; nothing is released then), or if the arena is closed
     * @throws GuardViolationException  if checked mode found an overrun; the reset has still completed
     * @throws WrongThreadException     if called from a thread other than the owner
     */
    public void resetTo(long mark) {
        checkOwnerAndOpen("resetTo");
        if (mark <= 0) {
            throw new IllegalArgumentException("mark=" + mark + " is not a mark: marks are positive tokens from mark()");
        }
        int depth = liveMarkDepth(mark);
        Scope innerScope = innermostScopeAtOrAbove(depth);
        if (innerScope != null) {
            throw new IllegalStateException("resetTo(mark=" + mark + ") in arena '" + name
                    + "' would release " + innerScope + ", which is still open; close the scope instead");
        }
        popMarksTo(depth, mark, null);
    }

    /**
     * Opens a scope: everything allocated until the scope is closed is released by its {@link Scope#close()}.
     * Scopes nest like try-with-resources blocks and must close in reverse order. O(1).
     * <p>
     * In unchecked mode, scope objects are pooled per nesting depth (no heap allocation after warm-up), so a
     * scope must not be used after its {@code close()}. Checked mode gives each scope its own object and
     * detects such misuse.
     *
     * @return the open scope, which is also a {@link SegmentAllocator} over this arena
     * @throws IllegalStateException if the arena is closed, or {@link #MAX_MARK_DEPTH} marks and scopes are
     *                               already live
     * @throws WrongThreadException  if called from a thread other than the owner
     */
    public Scope scope() {
        checkOwnerAndOpen("scope");
        if (markDepth == markTokens.length) {
            growMarkStack();
        }
        Scope scope = ledger == null ? scopePool[markDepth] : null;
        if (scope == null) {
            scope = new Scope(this);
            if (ledger == null) {
                scopePool[markDepth] = scope;
            }
        }
        scope.token = pushMark(scope);
        return scope;
    }

    private long pushMark(Scope scope) {
        if (markDepth == markTokens.length) {
            growMarkStack();
        }
        int depth = markDepth;
        long token = (++markSerial << MARK_DEPTH_BITS) | depth;
        markTokens[depth] = token;
        markPositions[depth] = usedBytes();
        markWasted[depth] = wastedBytes;
        markBlocks[depth] = current;
        markScopes[depth] = scope;
        markDepth = depth + 1;
        if (ledger != null) {
            markLedgerCounts[depth] = ledger.count();
            lifetimes.push(generationLabel + ", inside mark " + token);
        }
        return token;
    }

    private void growMarkStack() {
        if (markDepth >= MAX_MARK_DEPTH) {
            throw new IllegalStateException("arena '" + name + "' has " + markDepth
                    + " live marks, the maximum; marks must be released with resetTo() or a scope close");
        }
        int n = Math.min(markTokens.length * 2, MAX_MARK_DEPTH);
        markTokens = Arrays.copyOf(markTokens, n);
        markPositions = Arrays.copyOf(markPositions, n);
        markWasted = Arrays.copyOf(markWasted, n);
        markBlocks = Arrays.copyOf(markBlocks, n);
        markLedgerCounts = Arrays.copyOf(markLedgerCounts, n);
        markScopes = Arrays.copyOf(markScopes, n);
        scopePool = Arrays.copyOf(scopePool, n);
    }

    /** Depth of a live mark, or throws. */
    private int liveMarkDepth(long mark) {
        int depth = (int) (mark & MAX_MARK_DEPTH);
        if (depth >= markDepth || markTokens[depth] != mark) {
            throw new IllegalStateException("mark=" + mark + " is not live in arena '" + name
                    + "': it was released by an earlier resetTo(), scope close or reset(), so it lies ahead of the"
                    + " current position, or it belongs to another arena (live marks=" + markDepth
                    + ", usedBytes=" + usedBytes() + ")");
        }
        return depth;
    }

    private Scope innermostScopeAtOrAbove(int depth) {
        for (int d = markDepth - 1; d >= depth; d--) {
            if (markScopes[d] != null) {
                return markScopes[d];
            }
        }
        return null;
    }

    /**
     * Restores the state saved by the mark at {@code depth} and releases it and every mark above it.
     * {@code token} and {@code scope} (null for resetTo) only label checked mode's messages.
     */
    private void popMarksTo(int depth, long token, Scope scope) {
        updatePeak();
        String violation = null;
        if (ledger != null) {
            String endedBy = scope == null ? "resetTo(mark=" + token + ")" : "close of " + scope.describe(token);
            int from = markLedgerCounts[depth];
            violation = ledger.verify(from, name);
            ledger.poison(from);
            ledger.truncate(from);
            lifetimes.popTo(depth + 1, endedBy);
        }
        int block = markBlocks[depth];
        long position = markPositions[depth];
        wastedBytes = markWasted[depth];
        Arrays.fill(markScopes, depth, markDepth, null);
        markDepth = depth;
        if (block < 0) {
            enterNoBlock();
        } else {
            enterBlock(block, blocks.get(block).base() + (position - blockStarts[block]));
        }
        if (violation != null) {
            throw new GuardViolationException(violation);
        }
    }

    /** Closes {@code scope}: called by {@link Scope#close()}. */
    private void closeScope(Scope scope) {
        checkOwnerAndOpen("close a scope of");
        long token = scope.token;
        int depth = (int) (token & MAX_MARK_DEPTH);
        if (token <= 0 || depth >= markDepth || markTokens[depth] != token || markScopes[depth] != scope) {
            throw new IllegalStateException(scope + " is already closed (its mark was released by a reset(),"
                    + " resetTo() or an outer scope's close)");
        }
        Scope inner = innermostScopeAtOrAbove(depth + 1);
        if (inner != null) {
            throw new IllegalStateException("scopes closed out of order in arena '" + name + "': closing " + scope
                    + " while " + inner + ", opened inside it, is still open; close the inner scope first");
        }
        scope.token = 0;
        try {
            popMarksTo(depth, token, scope);
        } finally {
            if (depth == 0 && returnsToScratchPool) {
                ScratchArena.outermostScopeClosed(this);
            }
        }
    }

    // =====================================================================================================
    // Slow paths
    // =====================================================================================================

    /**
     * {@link #allocate(long, long)} off its fast path. An empty segment is not sliced from the block, whose memory
     * it does not use: an empty block may be replaced (allocateInNewBlock) while the segment's lifetime lasts.
     */
    private MemorySegment allocateSegmentSlow(long byteSize, long byteAlignment) {
        long address = byteSize == 0 ? allocateAddress(0, byteAlignment) : allocateSlow(byteSize, byteAlignment);
        if (lifetimes != null) {
            return lifetimes.segment(address, byteSize);
        }
        if (byteSize == 0) {
            return MemorySegment.ofAddress(address);
        }
        return currentSegment.asSlice(address - currentBase, byteSize);
    }

    /** Everything the fast path does not do: misuse, checked mode, a new block, a closed arena, overflow. */
    private long allocateSlow(long byteSize, long byteAlignment) {
        if (Thread.currentThread() != owner) {
            throw wrongThread("allocate");
        }
        if ((byteSize | byteAlignment) < 0 || Long.bitCount(byteAlignment) != 1) {
            throw Checks.badAllocation(byteSize, byteAlignment);
        }
        if (closed) {
            throw closedException("allocate");
        }
        if (ledger != null) {
            return allocateChecked(byteSize, byteAlignment);
        }
        return allocateInNewBlock(byteSize, byteAlignment);
    }

    private long allocateChecked(long byteSize, long byteAlignment) {
        if (byteSize > Long.MAX_VALUE - AllocationLedger.GUARD_BYTES - byteAlignment) {
            throw new IllegalArgumentException("byteSize=" + byteSize + " plus byteAlignment=" + byteAlignment + " plus "
                    + AllocationLedger.GUARD_BYTES + " guard bytes (checked mode) overflows a long");
        }
        long total = byteSize + AllocationLedger.GUARD_BYTES;
        long start = lastByte + 1;
        long aligned = Checks.alignUp(start, byteAlignment);
        long address;
        if (current < 0 || total > blockEnd - aligned) {
            address = allocateInNewBlock(total, byteAlignment);
        } else {
            lastByte = aligned + total - 1;
            allocationCount++;
            wastedBytes += aligned - start;
            address = aligned;
        }
        wastedBytes += AllocationLedger.GUARD_BYTES;
        ledger.record(address, byteSize, currentStart + (address - currentBase));
        return address;
    }

    /**
     * The request does not fit the current block: move on to the next block if one is reserved and the request
     * fits there, otherwise reserve a block for it. The new block replaces the current one if nothing is
     * allocated in it (so the block keeps its index and logical start, and marks pointing at it stay valid), and
     * the blocks after it, which hold nothing, are released. Only blocks before the new one count against
     * {@code maxBytes}: an empty arena serves any request of up to {@code maxBytes}.
     */
    private long allocateInNewBlock(long byteSize, long byteAlignment) {
        if (closed) {
            throw closedException("allocate");
        }
        if (Checks.overflows(byteSize, byteAlignment)) {
            throw Checks.badAllocation(byteSize, byteAlignment);
        }
        updatePeak();
        int next = current + 1;
        if (next < blocks.count()) {
            NativeBlock block = blocks.get(next);
            long aligned = Checks.alignUp(block.base(), byteAlignment);
            if (byteSize <= block.end() - aligned) {
                abandonCurrentTail();
                wastedBytes += aligned - block.base();
                enterBlock(next, aligned + byteSize);
                allocationCount++;
                return aligned;
            }
        }
        if (fixedMemory) {
            throw exhausted(byteSize, byteAlignment, "the arena's memory is fixed (caller-provided)");
        }
        boolean replaceCurrent = current >= 0 && lastByte == currentBase - 1;
        int index = replaceCurrent ? current : next;
        long kept = index == 0 ? 0 : replaceCurrent ? currentStart : currentStart + blocks.get(current).size();
        long size = Math.max(blockSize, byteSize);
        if (size > maxBytes - kept) {
            throw exhausted(byteSize, byteAlignment, null);
        }
        NativeBlock block = NativeBlock.allocate(size, byteAlignment);
        if (block == null) {
            throw exhausted(byteSize, byteAlignment, "the operating system refused a block of " + size + " bytes");
        }
        if (!replaceCurrent) {
            abandonCurrentTail();
        }
        blocks.freeFrom(index); // the new block exists before the unused ones go, so a refusal changes nothing
        if (index == blockStarts.length) {
            blockStarts = Arrays.copyOf(blockStarts, index * 2);
        }
        blockStarts[index] = kept;
        blocks.add(block);
        growthCount++;
        enterBlock(index, block.base() + byteSize);
        allocationCount++;
        return block.base();
    }

    /** Counts the unused end of the current block as waste: allocation moves on to the next block. */
    private void abandonCurrentTail() {
        if (current >= 0) {
            wastedBytes += blockEnd - (lastByte + 1);
        }
    }

    /** Makes block {@code index} current, with {@code cursor} the address of its first free byte. */
    private void enterBlock(int index, long cursor) {
        NativeBlock block = blocks.get(index);
        current = index;
        currentSegment = block.segment();
        currentBase = block.base();
        currentStart = blockStarts[index];
        lastByte = cursor - 1;
        blockEnd = block.end();
        fastLastByte = ledger == null ? blockEnd - 1 : 0;
    }

    /** No block to bump in: every allocation takes the slow path, which reserves one. */
    private void enterNoBlock() {
        current = -1;
        currentSegment = null;
        currentBase = 0;
        currentStart = 0;
        lastByte = Long.MAX_VALUE;
        blockEnd = 0;
        fastLastByte = 0;
    }

    private ArenaExhaustedException exhausted(long byteSize, long byteAlignment, String reason) {
        if (ledger != null) { // checked mode asked for the request plus its guard bytes: report the request
            byteSize -= AllocationLedger.GUARD_BYTES;
            reason = (reason == null ? "" : reason + "; ") + "checked mode adds " + AllocationLedger.GUARD_BYTES
                    + " guard bytes";
        }
        return new ArenaExhaustedException(name, byteSize, byteAlignment, usedBytes(), capacityBytes(), maxBytes, reason);
    }

    private void updatePeak() {
        long used = usedBytes();
        if (used > peakBytes) {
            peakBytes = used;
        }
        if (used > windowPeakBytes) {
            windowPeakBytes = used;
        }
    }

    private void checkOwnerAndOpen(String action) {
        if (Thread.currentThread() != owner) {
            throw wrongThread(action);
        }
        if (closed) {
            throw closedException(action);
        }
    }

    private WrongThreadException wrongThread(String action) {
        return new WrongThreadException("cannot " + action + " arena '" + name + "' from thread '"
                + Thread.currentThread().getName() + "': it is confined to its owner thread '" + owner.getName() + "'");
    }

    private IllegalStateException closedException(String action) {
        return new IllegalStateException("cannot " + action + " arena '" + name + "': it is closed");
    }

    // =====================================================================================================
    // Stats
    // =====================================================================================================

    /**
     * Bytes consumed since the last reset: allocations plus alignment padding plus the unused tails of full
     * blocks (and guard bytes in checked mode); {@code resetTo} and scope closes lower it. Any thread; off the
     * owner thread the value is unsynchronized and may be stale. O(1).
     *
     * @return bytes in use, {@code >= 0}; 0 after {@link #close()}
     */
    public long usedBytes() {
        return current < 0 ? 0 : currentStart + (lastByte + 1 - currentBase);
    }

    /**
     * Native bytes reserved by the arena now (for caller-provided memory, its size). Any thread; may be stale
     * off the owner thread. O(1).
     *
     * @return reserved bytes, {@code >= 0}; 0 after {@link #close()} unless the memory is caller-provided
     */
    public long capacityBytes() {
        return blocks.reservedBytes();
    }

    /**
     * Highest {@link #usedBytes()} ever reached, kept across resets. Any thread; may be stale. O(1).
     *
     * @return peak bytes, {@code >= 0}
     */
    public long peakBytes() {
        return Math.max(peakBytes, usedBytes());
    }

    /** Highest {@link #usedBytes()} since the last reset (marks may have released memory meanwhile). */
    long windowPeakBytes() {
        return Math.max(windowPeakBytes, usedBytes());
    }

    /**
     * Allocations since the last reset ({@code resetTo} and scope closes do not decrease it). Any thread; may
     * be stale. O(1).
     *
     * @return the number of allocations, {@code >= 0}
     */
    public long allocationCount() {
        return allocationCount;
    }

    /**
     * Blocks reserved after creation because the arena ran out of room (consolidation is not counted). Any
     * thread; may be stale. O(1).
     *
     * @return the number of growth events, {@code >= 0}
     */
    public long growthCount() {
        return growthCount;
    }

    /**
     * Number of resets so far ({@link #reset()} and, for frame arenas, each reuse by
     * {@link FrameArenas#beginFrame()}). Any thread; may be stale. O(1).
     *
     * @return the number of resets, {@code >= 0}
     */
    public long resetCount() {
        return resetCount;
    }

    /**
     * A snapshot of every statistic. Allocates the record; readers that must not allocate use the primitive
     * getters. Any thread; may be inconsistent off the owner thread. O(1).
     *
     * @return a new snapshot
     */
    public ArenaStats stats() {
        long used = usedBytes();
        return new ArenaStats(used, capacityBytes(), peakBytes(), allocationCount, blocks.count(),
                wastedBytes, resetCount, growthCount);
    }

    /**
     * The arena's name, for messages.
     *
     * @return the name, never blank
     */
    public String name() {
        return name;
    }

    /**
     * Alignment of {@link #allocate(long)} and {@link #allocateAddress(long)}.
     *
     * @return the default alignment in bytes, a power of two
     */
    public long defaultAlignment() {
        return defaultAlignment;
    }

    /**
     * Configured block size (for a caller-memory arena, the size of that memory).
     *
     * @return the block size in bytes, {@code > 0}
     */
    public long blockSize() {
        return blockSize;
    }

    /**
     * Cap on reserved native bytes (for a caller-memory arena, the size of that memory).
     *
     * @return the cap in bytes; {@link Long#MAX_VALUE} when unlimited
     */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Number of live marks and open scopes. Any thread; may be stale. O(1).
     *
     * @return the count, in [0, {@link #MAX_MARK_DEPTH}]
     */
    public int liveMarkCount() {
        return markDepth;
    }

    /**
     * Whether this arena runs in checked mode.
     *
     * @return true if checked
     */
    public boolean isChecked() {
        return ledger != null;
    }

    /**
     * Whether {@link #close()} was called. Any thread; may be stale.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The thread allowed to allocate, reset, mark and close: the one that built the arena.
     *
     * @return the owner thread
     */
    public Thread owner() {
        return owner;
    }

    /**
     * Hands the arena to another thread, for the library's own pooled arenas (frame workers, scratch arenas
     * borrowed by virtual threads). The caller orders the hand-off: the previous owner must be done with the
     * arena, and the new owner must see this write before it allocates (a volatile write/read or a CAS in
     * between). Not public: an arena built by a user stays with its builder's thread.
     */
    void transferOwner(Thread newOwner) {
        owner = newOwner;
    }

    /** ScratchArena: whether closing the outermost scope calls {@link ScratchArena#outermostScopeClosed}. */
    void returnToScratchPoolOnScopeExit(boolean returns) {
        returnsToScratchPool = returns;
    }

    /** ScratchArena: if the arena's thread dies with it, free it without a leak warning and count it. */
    void reclaimSilentlyWhenUnreachable() {
        lifecycle.reclaimSilently();
    }

    /**
     * Frees all native memory (except caller-provided memory, which stays the caller's). Afterwards allocation,
     * {@code reset}, {@code mark}, {@code resetTo} and {@code scope} throw {@link IllegalStateException}, and so
     * does access through any segment handed out (except segments over caller-provided memory in unchecked
     * mode). Idempotent: a second call does nothing, on any thread. O(blocks); checked mode: O(allocations).
     *
     * @throws GuardViolationException if checked mode found an overrun; the memory has still been freed
     * @throws WrongThreadException    if the arena is open and this is not the owner thread
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw wrongThread("close");
        }
        updatePeak();
        String violation = null;
        try {
            if (ledger != null) {
                violation = ledger.verify(0, name);
            }
        } finally {
            if (ledger != null) {
                ledger.restart();
                lifetimes.closeAll("close() of arena '" + name + "'");
            }
            closed = true;
            Arrays.fill(markScopes, 0, markDepth, null);
            markDepth = 0;
            blocks.freeAll();
            enterNoBlock();
            lifecycle.close();
        }
        if (violation != null) {
            throw new GuardViolationException(violation);
        }
    }

    @Override
    public String toString() {
        return "MemoryArena[name=" + name + ", used=" + usedBytes() + ", capacity=" + capacityBytes()
                + ", blocks=" + blocks.count() + (ledger != null ? ", checked" : "") + (closed ? ", closed" : "") + "]";
    }

    // =====================================================================================================
    // Scope
    // =====================================================================================================

    /**
     * A region of an arena's allocations that ends with {@link #close()}, for try-with-resources nesting.
     * Allocating through the scope is the same as allocating from its arena.
     * {@snippet :
     * try (MemoryArena.Scope outer = arena.scope()) {
     *     long a = outer.allocateAddress(256, 16);
     *     try (MemoryArena.Scope inner = arena.scope()) {
     *         long b = inner.allocateAddress(1024, 16);
     *     } // b released
     * }     // a released
     * }
     */
    public static final class Scope implements SegmentAllocator, AutoCloseable {
        private final MemoryArena arena;
        private long token;

        private Scope(MemoryArena arena) {
            this.arena = arena;
        }

        /**
         * The arena this scope allocates from.
         *
         * @return the arena
         */
        public MemoryArena arena() {
            return arena;
        }

        /**
         * Allocates from the arena; same contract as {@link MemoryArena#allocate(long, long)} (aligned, not
         * zeroed, owner thread only, O(1)), released at the latest when this scope closes. The scope does not
         * check that it is still open: through a closed scope this allocates from the arena with the lifetime of
         * whatever mark or reset comes next.
         *
         * @param byteSize      bytes to allocate, {@code >= 0}
         * @param byteAlignment alignment in bytes, a power of two {@code >= 1}
         * @return a segment of exactly {@code byteSize} bytes, its address a multiple of {@code byteAlignment}
         * @throws IllegalArgumentException if {@code byteSize < 0}, {@code byteAlignment} is not a positive power
         *                                  of two, or their sum overflows a {@code long}
         * @throws ArenaExhaustedException  if the cap or the operating system refuses the memory
         * @throws IllegalStateException    if the arena or this scope is closed
         * @throws WrongThreadException     if called from a thread other than the owner
         */
        @Override
        public MemorySegment allocate(long byteSize, long byteAlignment) {
            checkOpen();
            return arena.allocate(byteSize, byteAlignment);
        }

        /**
         * Allocates from the arena; same contract as {@link MemoryArena#allocateAddress(long, long)} (aligned,
         * not zeroed, owner thread only, O(1), no heap allocation), released at the latest when this scope
         * closes. Like {@link #allocate(long, long)}, it does not check that the scope is still open.
         *
         * @param byteSize      bytes to allocate, {@code >= 0}
         * @param byteAlignment alignment in bytes, a power of two {@code >= 1}
         * @return the address of the first byte, a multiple of {@code byteAlignment}
         * @throws IllegalArgumentException if {@code byteSize < 0}, {@code byteAlignment} is not a positive power
         *                                  of two, or their sum overflows a {@code long}
         * @throws ArenaExhaustedException  if the cap or the operating system refuses the memory
         * @throws IllegalStateException    if the arena or this scope is closed
         * @throws WrongThreadException     if called from a thread other than the owner
         */
        public long allocateAddress(long byteSize, long byteAlignment) {
            checkOpen();
            return arena.allocateAddress(byteSize, byteAlignment);
        }

        private void checkOpen() {
            if (token == 0) {
                throw new IllegalStateException("cannot allocate through a closed scope of arena '" + arena.name + "'");
            }
        }

        /**
         * Releases everything allocated since this scope opened. O(1) (checked mode: O(allocations released)).
         *
         * @throws IllegalStateException   if the scope is already closed (also by a {@code reset()},
         *                                 {@code resetTo} or an outer scope's close), a scope opened inside it
         *                                 is still open (the message names both), or the arena is closed
         * @throws GuardViolationException if checked mode found an overrun; the scope has still been closed
         * @throws WrongThreadException    if called from a thread other than the owner
         */
        @Override
        public void close() {
            arena.closeScope(this);
        }

        private String describe(long t) {
            return "scope #" + (t >>> MARK_DEPTH_BITS) + " (depth " + (t & MAX_MARK_DEPTH) + ") of arena '" + arena.name + "'";
        }

        @Override
        public String toString() {
            return token == 0 ? "closed scope of arena '" + arena.name + "'" : describe(token);
        }
    }

    // =====================================================================================================
    // Builder
    // =====================================================================================================

    /** Configures a {@link MemoryArena}. Each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private long blockSize = 64 * 1024;
        private long maxBytes = Long.MAX_VALUE;
        private long defaultAlignment = DEFAULT_ALIGNMENT;
        private String name = "arena";
        private MemorySegment memory;
        private Boolean checked;
        private Boolean trackSites;

        private Builder() {}

        /**
         * Bytes per block (default 64 KiB). Requests larger than this get a block of their own.
         *
         * @param blockSize bytes per block, {@code > 0} and {@code <= maxBytes}
         * @return this builder
         * @throws IllegalArgumentException if {@code blockSize <= 0}
         */
        public Builder blockSize(long blockSize) {
            this.blockSize = Checks.requirePositive("blockSize", blockSize);
            return this;
        }

        /**
         * Cap on the native bytes the arena may reserve in total (default unlimited): a budget for the memory in
         * use. Blocks that hold no allocation do not count against it, since they are replaced or released when a
         * new block is needed, so an empty arena serves any single request of up to {@code maxBytes} bytes (at
         * its alignment; in checked mode, up to {@code maxBytes - 16}, for the guard bytes). While a block is
         * replaced, the new one is reserved just before the old one is freed.
         *
         * @param maxBytes the cap in bytes, {@code > 0} and {@code >= blockSize}
         * @return this builder
         * @throws IllegalArgumentException if {@code maxBytes <= 0}
         */
        public Builder maxBytes(long maxBytes) {
            this.maxBytes = Checks.requirePositive("maxBytes", maxBytes);
            return this;
        }

        /**
         * Alignment of the one-argument allocation methods (default 16).
         *
         * @param defaultAlignment alignment in bytes, a power of two {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException if not a positive power of two
         */
        public Builder defaultAlignment(long defaultAlignment) {
            this.defaultAlignment = Checks.requirePowerOfTwo("defaultAlignment", defaultAlignment);
            return this;
        }

        /**
         * Name used in messages, stats and leak reports (default "arena").
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
         * Allocates from caller-provided native memory instead of reserving blocks, for example a persistently
         * mapped GPU buffer. The arena never grows (a request that does not fit throws
         * {@link ArenaExhaustedException}) and never frees this memory. Overrides blockSize and maxBytes.
         * Allocations are aligned by address, whatever the alignment of {@code memory} itself.
         *
         * @param memory a native segment of at least 1 byte, which must stay valid until the arena is closed
         * @return this builder
         * @throws IllegalArgumentException if {@code memory} is null, not native, or empty
         */
        public Builder memory(MemorySegment memory) {
            if (memory == null || !memory.isNative() || memory.byteSize() == 0) {
                throw new IllegalArgumentException("memory=" + memory + " must be a non-empty native segment");
            }
            this.memory = memory;
            return this;
        }

        /**
         * Turns checked mode on or off for this arena, overriding {@code -Ddev.framealloc.checked}.
         *
         * @param checked true for checked mode
         * @return this builder
         */
        public Builder checked(boolean checked) {
            this.checked = checked;
            return this;
        }

        /**
         * In checked mode, records the stack frame of every allocation so overrun reports name it (slow).
         * Overrides {@code -Ddev.framealloc.trackSites}.
         *
         * @param trackSites true to record allocation sites
         * @return this builder
         */
        public Builder trackAllocationSites(boolean trackSites) {
            this.trackSites = trackSites;
            return this;
        }

        /**
         * Builds the arena, owned by the calling thread, and reserves its first block (none when
         * {@link #memory(MemorySegment)} is set). The builder may be reused.
         *
         * @return the new arena
         * @throws IllegalArgumentException if {@code blockSize > maxBytes} (not checked with caller memory)
         * @throws ArenaExhaustedException  if the first block cannot be reserved
         */
        public MemoryArena build() {
            return new MemoryArena(this);
        }
    }
}
