package dev.framealloc.memory;

import dev.framealloc.memory.internal.Lifecycle;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Scratch memory for temporary work inside a block of code, with nested try-with-resources scopes: no allocator
 * to pass around, nothing to free. Covers the "temp arena" and "thread arena" patterns.
 * {@snippet :
 * try (MemoryArena.Scope s = ScratchArena.scope()) {
 *     long indices = s.allocateAddress(6 * quads * Integer.BYTES, 4);
 *     ...                                           // use it
 * }                                                 // released here
 * }
 *
 * <h2>Where the memory comes from</h2>
 * <ul>
 * <li><b>Platform threads</b> get their own {@link MemoryArena} on first use (64 KiB blocks, or
 *     {@code -Ddev.framealloc.scratch.blockSize=BYTES}), owned by that thread and kept between scopes, so a scope
 *     costs O(1) and no heap allocation. A pool thread that should not keep it calls {@link #release()} when its
 *     task ends. When a platform thread dies with its arena, the arena is freed by a cleaner without a warning (a
 *     thread's scratch memory dying with it is not a leak) and counted in {@link #reclaimedCount()}.</li>
 * <li><b>Virtual threads</b> borrow an arena from a bounded lock-free pool for their outermost scope and give it
 *     back when that scope closes, so scratch memory scales with the number of scopes open at once, not with the
 *     number of virtual threads ever started. A virtual thread that parks inside its scope (I/O,
 *     {@code Thread.yield()}) keeps its arena: another virtual thread mounted on the same carrier borrows a
 *     different one, so they never share memory. The pool keeps at most {@link #poolCapacity()} idle arenas
 *     ({@code -Ddev.framealloc.scratch.poolSize=N}, read once, default 4 per processor, from 8 to 64); arenas
 *     given back to a full pool are freed.</li>
 * </ul>
 * This avoids the disease of LWJGL's {@code MemoryStack}: one 64 KiB stack per thread, held by the thread's
 * {@code ThreadLocal} until the thread dies (LWJGL issue #1109), so 20,000 virtual threads make 20,000 stacks.
 * Unlike a per-carrier cache (the JDK's downcall buffers, JDK-8287788), a borrowed arena stays with its virtual
 * thread, not with the carrier it happens to run on.
 *
 * <h2>Scratch inside a worker job</h2>
 * A job of a frame loop uses two allocators: its {@linkplain FrameArenas#worker(int) worker arena} for what must
 * outlive the job (vertices the render thread reads, results the update thread merges after the join), and a
 * scratch scope for temporaries that die with the job:
 * {@snippet :
 * void job(FrameArenas frames, int i) {
 *     MemoryArena out = frames.worker(i);                    // lives until the frame is reused
 *     try (MemoryArena.Scope tmp = ScratchArena.scope()) {   // lives until the end of this block
 *         long sortKeys = tmp.allocateAddress(count * 8L, 8);
 *         long vertices = out.allocateAddress(count * 16L, 16);
 *         buildSorted(sortKeys, vertices, count);
 *     }
 * }
 * }
 * Each thread's scratch memory is its own, so jobs never contend on it.
 */
public final class ScratchArena {
    /** System property for the block size of scratch arenas created after it is set. */
    public static final String BLOCK_SIZE_PROPERTY = "dev.framealloc.scratch.blockSize";
    /** System property for the number of idle arenas the virtual-thread pool keeps; read once. */
    public static final String POOL_SIZE_PROPERTY = "dev.framealloc.scratch.poolSize";
    private static final long DEFAULT_BLOCK_SIZE = 64 * 1024;
    /** The calling thread's arena: for good on a platform thread, while borrowed on a virtual one. */
    private static final ThreadLocal<MemoryArena> ARENAS = new ThreadLocal<>();
    private static final AtomicReferenceArray<MemoryArena> POOL = new AtomicReferenceArray<>(poolSize());
    private static final AtomicInteger POOLED_NAMES = new AtomicInteger();

    private ScratchArena() {}

    private static int poolSize() {
        int cpus = Runtime.getRuntime().availableProcessors();
        int size = Integer.getInteger(POOL_SIZE_PROPERTY, Math.min(64, Math.max(8, 4 * cpus)));
        if (size < 0) {
            throw new IllegalArgumentException(POOL_SIZE_PROPERTY + "=" + size + " must be >= 0");
        }
        return size;
    }

    /**
     * Opens a scope in the calling thread's scratch arena: on a platform thread its own arena, created on first
     * use; on a virtual thread an arena borrowed from the pool for the outermost scope and given back when that
     * scope closes. Same contract as {@link MemoryArena#scope()}: O(1), scopes must close in reverse order.
     * Allocations through the scope follow {@link MemoryArena#allocate(long, long)}: aligned as requested, not
     * zeroed, valid until the scope closes. The scope belongs to the calling thread; other threads get
     * {@link WrongThreadException}. No heap allocation after warm-up on a platform thread (unchecked mode); a
     * virtual thread's first scope allocates its thread-local entry.
     *
     * @return the open scope; allocate through it and close it with try-with-resources
     * @throws ArenaExhaustedException  if an arena's first block cannot be reserved
     * @throws IllegalArgumentException if an arena is created now and {@value #BLOCK_SIZE_PROPERTY} is not
     *                                  positive
     * @throws IllegalStateException    if {@link MemoryArena#MAX_MARK_DEPTH} scopes and marks are already open,
     *                                  or the arena was closed through {@link #arena()}
     */
    public static MemoryArena.Scope scope() {
        MemoryArena arena = ARENAS.get();
        if (arena == null) {
            arena = acquire(true);
        }
        return arena.scope();
    }

    /**
     * The calling thread's scratch arena, owned by the calling thread. Prefer {@link #scope()}; allocations
     * made directly on it outside a scope live until the caller resets it, and {@link #release()} refuses to give
     * it up while they are in use. On a virtual thread, the arena obtained here stays with the thread (its scopes
     * no longer give it back) until {@link #release()}, or until the thread dies. O(1).
     *
     * @return the calling thread's arena
     * @throws ArenaExhaustedException  if the arena's first block cannot be reserved
     * @throws IllegalArgumentException if the arena is created now and {@value #BLOCK_SIZE_PROPERTY} is not
     *                                  positive
     */
    public static MemoryArena arena() {
        MemoryArena arena = ARENAS.get();
        if (arena == null) {
            return acquire(false);
        }
        arena.returnToScratchPoolOnScopeExit(false);
        return arena;
    }

    /** Gives the calling thread an arena: a new one on a platform thread, a pooled one on a virtual thread. */
    private static MemoryArena acquire(boolean forScope) {
        Thread thread = Thread.currentThread();
        MemoryArena arena;
        if (!thread.isVirtual()) {
            arena = create("scratch:" + thread.getName());
        } else {
            arena = borrow(thread);
            if (arena == null) {
                arena = create("scratch:pooled#" + POOLED_NAMES.incrementAndGet());
            }
            arena.returnToScratchPoolOnScopeExit(forScope);
        }
        ARENAS.set(arena);
        return arena;
    }

    private static MemoryArena create(String name) {
        long blockSize = Long.getLong(BLOCK_SIZE_PROPERTY, DEFAULT_BLOCK_SIZE);
        if (blockSize <= 0) {
            throw new IllegalArgumentException(BLOCK_SIZE_PROPERTY + "=" + blockSize + " must be positive");
        }
        MemoryArena arena = MemoryArena.builder().name(name).blockSize(blockSize).build();
        arena.reclaimSilentlyWhenUnreachable();
        return arena;
    }

    /** Takes an idle arena from the pool and makes {@code thread} its owner, or returns null if none is idle. */
    private static MemoryArena borrow(Thread thread) {
        int n = POOL.length();
        if (n == 0) {
            return null;
        }
        int start = (int) (thread.threadId() % n);
        for (int k = 0; k < n; k++) {
            int i = start + k < n ? start + k : start + k - n;
            MemoryArena arena = POOL.getPlain(i);
            if (arena != null && POOL.compareAndSet(i, arena, null)) {
                arena.transferOwner(thread); // the CAS ordered the previous owner's last use before this
                return arena;
            }
        }
        return null;
    }

    /** Puts a borrowed arena back in the pool, or frees it if the pool is full. On the arena's owner thread. */
    private static void giveBack(MemoryArena arena) {
        ARENAS.set(null);
        int n = POOL.length();
        for (int i = 0; i < n; i++) {
            if (POOL.getPlain(i) == null && POOL.compareAndSet(i, null, arena)) {
                return;
            }
        }
        arena.close();
    }

    /** Called by {@link MemoryArena.Scope#close()} when a borrowed arena's outermost scope has closed. */
    static void outermostScopeClosed(MemoryArena arena) {
        if (arena.usedBytes() == 0 && arena.liveMarkCount() == 0 && !arena.isClosed() && ARENAS.get() == arena) {
            arena.returnToScratchPoolOnScopeExit(false);
            giveBack(arena);
        }
    }

    /**
     * Gives up the calling thread's scratch arena, if it has one: a platform thread's arena is freed; a virtual
     * thread's goes back to the pool (or is freed if the pool is full). The next {@link #scope()} takes a new one.
     * Acts on the calling thread's arena only. O(pool capacity).
     *
     * @return whether there was an arena to give up
     * @throws IllegalStateException if a scope or mark of it is still open, or memory allocated directly from
     *                               {@link #arena()} is still in use ({@code usedBytes() != 0}; reset it
     *                               first); nothing changes then
     */
    public static boolean release() {
        MemoryArena arena = ARENAS.get();
        if (arena == null) {
            return false;
        }
        if (arena.usedBytes() != 0 || arena.liveMarkCount() != 0) {
            throw new IllegalStateException("cannot release the scratch arena of thread '" + Thread.currentThread().getName()
                    + "': " + arena.liveMarkCount() + " scope(s) still open, usedBytes=" + arena.usedBytes());
        }
        if (Thread.currentThread().isVirtual() && !arena.isClosed()) {
            arena.returnToScratchPoolOnScopeExit(false);
            giveBack(arena);
        } else {
            ARENAS.remove();
            arena.close();
        }
        return true;
    }

    /**
     * Whether the calling thread currently has a scratch arena. O(1).
     *
     * @return true if {@link #scope()} or {@link #arena()} gave it one that it has not given up since (on a
     *         virtual thread: while a scope is open, or after {@code arena()})
     */
    public static boolean exists() {
        return ARENAS.get() != null;
    }

    /**
     * Scratch arenas of threads that died without {@link #release()}, freed by the cleaner without a warning
     * since the JVM started. Any thread. O(1).
     *
     * @return the number of arenas reclaimed, {@code >= 0}
     */
    public static long reclaimedCount() {
        return Lifecycle.reclaimedCount();
    }

    /**
     * Idle arenas in the virtual-thread pool now. Any thread; a snapshot. O(pool capacity).
     *
     * @return the number of pooled arenas, in [0, {@link #poolCapacity()}]
     */
    public static int pooledCount() {
        int count = 0;
        for (int i = 0, n = POOL.length(); i < n; i++) {
            if (POOL.get(i) != null) {
                count++;
            }
        }
        return count;
    }

    /**
     * Most idle arenas the virtual-thread pool keeps ({@value #POOL_SIZE_PROPERTY}; 0 turns pooling off, so
     * each outermost scope of a virtual thread creates and frees an arena).
     *
     * @return the pool capacity, {@code >= 0}
     */
    public static int poolCapacity() {
        return POOL.length();
    }
}
