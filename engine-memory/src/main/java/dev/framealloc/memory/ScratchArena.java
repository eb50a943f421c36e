package dev.framealloc.memory;

/**
 * A per-thread scratch arena for temporary memory inside a block of code, with nested try-with-resources
 * scopes. Covers the "temp arena" and "thread arena" patterns: no allocator to pass around, nothing to free.
 * {@snippet :
 * try (MemoryArena.Scope s = ScratchArena.scope()) {
 *     long indices = s.allocateAddress(6 * quads * Integer.BYTES, 4);
 *     ...                                           // use it
 * }                                                 // released here
 * }
 * Each thread gets its own {@link MemoryArena} on first use (64 KiB blocks, or
 * {@code -Ddev.framealloc.scratch.blockSize=BYTES}), owned by that thread. Its memory is kept between scopes
 * for reuse. Threads of a pool that should not keep it call {@link #release()}, for example when a task ends;
 * this avoids the per-thread leak of LWJGL's {@code MemoryStack} in thread pools. A thread that dies without
 * releasing is reported as a leak and its memory is freed by a cleaner.
 */
public final class ScratchArena {
    /** System property for the block size of scratch arenas created after it is set. */
    public static final String BLOCK_SIZE_PROPERTY = "dev.framealloc.scratch.blockSize";
    private static final long DEFAULT_BLOCK_SIZE = 64 * 1024;
    private static final ThreadLocal<MemoryArena> ARENAS = new ThreadLocal<>();

    private ScratchArena() {}

    /**
     * Opens a scope in the calling thread's scratch arena, creating the arena on first use.
     * Same contract as {@link MemoryArena#scope()}: O(1), no heap allocation after warm-up (unchecked mode),
     * scopes must close in reverse order. Allocations through the scope follow
     * {@link MemoryArena#allocate(long, long)}: aligned as requested, not zeroed, valid until the scope closes.
     * The scope belongs to the calling thread; other threads get {@link WrongThreadException}.
     *
     * @return the open scope; allocate through it and close it with try-with-resources
     * @throws ArenaExhaustedException  if the arena's first block cannot be reserved
     * @throws IllegalArgumentException if the arena is created now and {@value #BLOCK_SIZE_PROPERTY} is not
     *                                  positive
     * @throws IllegalStateException    if {@link MemoryArena#MAX_MARK_DEPTH} scopes and marks are already open,
     *                                  or the arena was closed through {@link #arena()}
     */
    public static MemoryArena.Scope scope() {
        return arena().scope();
    }

    /**
     * The calling thread's scratch arena, created on first use and owned by the calling thread. Prefer
     * {@link #scope()}; allocations made directly on it outside a scope live until the caller resets it, and
     * {@link #release()} refuses to free it while they are in use.
     *
     * @return the calling thread's arena
     * @throws ArenaExhaustedException  if the arena's first block cannot be reserved
     * @throws IllegalArgumentException if the arena is created now and {@value #BLOCK_SIZE_PROPERTY} is not
     *                                  positive
     */
    public static MemoryArena arena() {
        MemoryArena arena = ARENAS.get();
        if (arena == null) {
            arena = createArena();
        }
        return arena;
    }

    private static MemoryArena createArena() {
        long blockSize = Long.getLong(BLOCK_SIZE_PROPERTY, DEFAULT_BLOCK_SIZE);
        if (blockSize <= 0) {
            throw new IllegalArgumentException(BLOCK_SIZE_PROPERTY + "=" + blockSize + " must be positive");
        }
        MemoryArena arena = MemoryArena.builder().name("scratch:" + Thread.currentThread().getName())
                .blockSize(blockSize).build();
        ARENAS.set(arena);
        return arena;
    }

    /**
     * Frees the calling thread's scratch arena, if it has one. The next {@link #scope()} creates a new one.
     * Acts on the calling thread's arena only.
     *
     * @return whether there was an arena to free
     * @throws IllegalStateException if a scope or mark of it is still open, or memory allocated directly from
     *                               {@link #arena()} is still in use ({@code usedBytes() != 0}; reset it
     *                               first); nothing is freed then
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
        ARENAS.remove();
        arena.close();
        return true;
    }

    /**
     * Whether the calling thread currently has a scratch arena. O(1).
     *
     * @return true if {@link #scope()} or {@link #arena()} created one that was not released since
     */
    public static boolean exists() {
        return ARENAS.get() != null;
    }
}
