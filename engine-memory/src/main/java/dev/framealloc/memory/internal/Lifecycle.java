package dev.framealloc.memory.internal;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts open allocators and reports the ones that become unreachable without {@code close()}: the
 * {@link Cleaner} action logs the allocator's name and creation site through {@link System.Logger} and frees
 * its native memory. An allocator registered for {@linkplain Handle#reclaimSilently() silent reclaim} (a scratch
 * arena, which dies with its thread by design) is freed without a warning and counted in {@link #reclaimedCount()}.
 */
public final class Lifecycle {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final AtomicLong RECLAIMED = new AtomicLong();
    private static final System.Logger LOG = System.getLogger("dev.framealloc.memory");
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** Where this library's classes were loaded from: frames from there are not the caller's. */
    private static final java.security.CodeSource LIBRARY = Lifecycle.class.getProtectionDomain().getCodeSource();

    private Lifecycle() {}

    /** Number of allocators created and not yet closed (nor collected). */
    public static int openCount() {
        return OPEN.get();
    }

    /** Number of allocators registered for silent reclaim that the cleaner freed. */
    public static long reclaimedCount() {
        return RECLAIMED.get();
    }

    /**
     * Registers a new allocator. {@code resources} must not reference the allocator itself.
     *
     * @param kind      for example "MemoryArena"
     * @param name      the allocator's name
     * @param resources freed if the allocator leaks
     * @return the handle the allocator calls {@link Handle#close()} on when it is closed
     */
    public static Handle register(Object allocator, String kind, String name, BlockList resources) {
        State state = new State(kind, name, creationSite(), resources);
        OPEN.incrementAndGet();
        return new Handle(state, CLEANER.register(allocator, state));
    }

    /** The first stack frame outside this library, as {@code Class.method(File:line)}. */
    public static String creationSite() {
        return WALKER.walk(frames -> frames
                .filter(f -> !isLibraryFrame(f))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .map(StackTraceElement::toString)
                .orElse("unknown"));
    }

    private static boolean isLibraryFrame(StackWalker.StackFrame frame) {
        Class<?> type = frame.getDeclaringClass();
        if (!type.getName().startsWith("dev.framealloc.memory.")) {
            return false;
        }
        java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
        return LIBRARY == null || source == null || LIBRARY.getLocation().equals(source.getLocation());
    }

    /** What the allocator keeps to end its registration. */
    public static final class Handle {
        private final State state;
        private final Cleaner.Cleanable cleanable;

        private Handle(State state, Cleaner.Cleanable cleanable) {
            this.state = state;
            this.cleanable = cleanable;
        }

        /** The site that created the allocator, for error messages. */
        public String creationSite() {
            return state.site;
        }

        /**
         * Frees the allocator's memory without a warning if it becomes unreachable unclosed, counting it in
         * {@link #reclaimedCount()}: for allocators whose owner thread may die with them.
         */
        public void reclaimSilently() {
            state.silent = true;
        }

        /** Marks a normal close and unregisters; the caller has freed the memory already. Idempotent. */
        public void close() {
            state.closedNormally = true;
            cleanable.clean();
        }
    }

    private static final class State implements Runnable {
        private final String kind;
        private final String name;
        private final String site;
        private final BlockList resources;
        private volatile boolean closedNormally;
        private volatile boolean silent;

        State(String kind, String name, String site, BlockList resources) {
            this.kind = kind;
            this.name = name;
            this.site = site;
            this.resources = resources;
        }

        @Override
        public void run() {
            OPEN.decrementAndGet();
            if (closedNormally) {
                return;
            }
            if (silent) {
                resources.freeAll();
                RECLAIMED.incrementAndGet();
            } else {
                LOG.log(System.Logger.Level.WARNING,
                        "{0} ''{1}'' leaked: it became unreachable without close(); {2} native bytes freed by the"
                                + " cleaner. Created at {3}",
                        kind, name, resources.reservedBytes(), site);
                resources.freeAll();
            }
        }
    }
}
