package dev.framealloc.memory.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Checked mode's lifetime tracking: a stack of shared JDK arenas, one per mark level, whose scopes the
 * segments handed out are tied to. Ending a level closes its arena, so every segment from that level throws
 * {@link IllegalStateException} on access, as the JDK's own scope checks do. A registry remembers where each
 * scope came from for {@link #describe(MemorySegment)}.
 */
public final class Lifetimes {
    private static final Map<MemorySegment.Scope, Origin> ORIGINS = new WeakHashMap<>();
    /** All of memory, for reinterpreting raw addresses. Restricted: checked mode needs native access. */
    private static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private final String owner;
    private Arena[] levels = new Arena[8];
    private Origin[] origins = new Origin[8];
    private int depth;

    /** Opens the base level. {@code owner} names the allocator, for example {@code MemoryArena 'frame[0]'}. */
    public Lifetimes(String owner, String generation) {
        this.owner = owner;
        open(0, generation);
        depth = 1;
    }

    public static MemorySegment everything() {
        return EVERYTHING;
    }

    /** A segment over {@code address} that dies with the current top level. */
    public MemorySegment segment(long address, long byteSize) {
        return EVERYTHING.asSlice(address, byteSize).reinterpret(levels[depth - 1], null);
    }

    /** Opens a level for a new mark. */
    public void push(String generation) {
        if (depth == levels.length) {
            levels = Arrays.copyOf(levels, depth * 2);
            origins = Arrays.copyOf(origins, depth * 2);
        }
        open(depth, generation);
        depth++;
    }

    /** Ends every level above {@code keepDepth} (the base level is level 1). */
    public void popTo(int keepDepth, String endedBy) {
        while (depth > keepDepth) {
            depth--;
            end(depth, endedBy);
        }
    }

    /** Ends every level, including the base, and opens a fresh base level. */
    public void restart(String endedBy, String generation) {
        popTo(0, endedBy);
        open(0, generation);
        depth = 1;
    }

    /** Ends every level for good. */
    public void closeAll(String endedBy) {
        popTo(0, endedBy);
    }

    /** Describes where the segment came from and whether its lifetime has ended, or null if unknown. */
    public static String describe(MemorySegment segment) {
        Origin origin;
        synchronized (ORIGINS) {
            origin = ORIGINS.get(segment.scope());
        }
        return origin == null ? null : origin.toString();
    }

    /** Registers a scope opened elsewhere (slab slots) so that {@link #describe} can name it. */
    public static void register(MemorySegment.Scope scope, String owner, String generation) {
        synchronized (ORIGINS) {
            ORIGINS.put(scope, new Origin(owner, generation));
        }
    }

    /** Records why a registered scope ended. */
    public static void ended(MemorySegment.Scope scope, String endedBy) {
        synchronized (ORIGINS) {
            Origin origin = ORIGINS.get(scope);
            if (origin != null) {
                origin.endedBy = endedBy;
            }
        }
    }

    private void open(int level, String generation) {
        Arena arena = Arena.ofShared();
        Origin origin = new Origin(owner, generation);
        levels[level] = arena;
        origins[level] = origin;
        synchronized (ORIGINS) {
            ORIGINS.put(arena.scope(), origin);
        }
    }

    private void end(int level, String endedBy) {
        origins[level].endedBy = endedBy;
        levels[level].close();
        levels[level] = null;
        origins[level] = null;
    }

    private static final class Origin {
        final String owner;
        final String generation;
        volatile String endedBy;

        Origin(String owner, String generation) {
            this.owner = owner;
            this.generation = generation;
        }

        @Override
        public String toString() {
            return "allocated from " + owner + " in " + generation
                    + (endedBy == null ? " (still live)" : "; its lifetime ended at " + endedBy);
        }
    }
}
