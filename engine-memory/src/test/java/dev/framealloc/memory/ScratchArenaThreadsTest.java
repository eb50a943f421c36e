package dev.framealloc.memory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ScratchArena under virtual threads, short-lived platform threads and thread pools. */
class ScratchArenaThreadsTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Collects the library's WARNING records while it runs. */
    static final class Warnings implements AutoCloseable {
        private final Logger logger = Logger.getLogger("dev.framealloc.memory");
        private final List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    messages.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };

        Warnings() {
            logger.addHandler(handler);
        }

        /** Warnings about arenas whose name starts with {@code prefix}; other tests' leaks may be cleaned meanwhile. */
        List<String> about(String prefix) {
            synchronized (messages) {
                return messages.stream().filter(m -> m.contains(" '" + prefix)).toList();
            }
        }

        @Override
        public void close() {
            logger.removeHandler(handler);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void manyVirtualThreadsShareAFewPooledArenasAndLeaveNoWarning() throws Exception {
        try (Warnings warnings = new Warnings()) {
            int openBefore = MemoryArena.openCount();
            AtomicInteger corrupted = new AtomicInteger();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 2_000; t++) {
                    byte tag = (byte) t;
                    executor.submit(() -> {
                        try (MemoryArena.Scope scope = ScratchArena.scope()) {
                            MemorySegment data = scope.allocate(1024, 16);
                            data.fill(tag);
                            for (long k = 0; k < 1024; k++) {
                                if (data.get(ValueLayout.JAVA_BYTE, k) != tag) {
                                    corrupted.incrementAndGet();
                                    break;
                                }
                            }
                        }
                        if (ScratchArena.exists()) {
                            corrupted.incrementAndGet(); // the arena went back to the pool with the scope
                        }
                    });
                }
            }
            int open = MemoryArena.openCount() - openBefore;
            assertEquals(0, corrupted.get(), "threads whose bytes changed or that kept the arena after the scope");
            assertTrue(open <= ScratchArena.poolCapacity(), "open after the executor closed: " + open);
            assertTrue(ScratchArena.pooledCount() <= ScratchArena.poolCapacity());
            assertTrue(ScratchArena.pooledCount() >= 1, "arenas wait in the pool");
            for (int i = 0; i < 5; i++) {
                System.gc(); // a cleaner run now would be a leak report
            }
            Thread.sleep(100);
            assertEquals(List.of(), warnings.about("scratch:"));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aVirtualThreadParkedInsideItsScopeNeverSharesItsMemory() throws Exception {
        // Two carriers' worth of virtual threads all yield inside their scope while holding data there; each
        // checks its bytes after every yield. A pool handing the same arena to two open scopes would fail.
        int threads = 200;
        int openBefore = MemoryArena.openCount();
        AtomicInteger corrupted = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch allOpen = new CountDownLatch(threads);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                byte tag = (byte) (t * 7 + 1);
                executor.submit(() -> {
                    try (MemoryArena.Scope scope = ScratchArena.scope()) {
                        MemorySegment data = scope.allocate(256, 16);
                        data.fill(tag);
                        allOpen.countDown();
                        for (int round = 0; round < 20; round++) {
                            Thread.yield();
                            if (round == 0) {
                                allOpen.await(); // every scope is open at once
                            }
                            try (MemoryArena.Scope inner = ScratchArena.scope()) { // nested: same arena
                                inner.allocate(64, 16).fill((byte) ~tag);
                            }
                            for (long k = 0; k < 256; k++) {
                                if (data.get(ValueLayout.JAVA_BYTE, k) != tag) {
                                    corrupted.incrementAndGet();
                                    return;
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
            }
        }
        assertNull(failure.get());
        assertEquals(0, corrupted.get(), "scopes whose bytes changed while they yielded");
        int open = MemoryArena.openCount() - openBefore;
        assertTrue(open <= ScratchArena.poolCapacity(), "200 arenas were open at once; a full pool closes the rest,"
                + " but " + open + " stay open");
    }

    @Test
    void aVirtualThreadKeepsTheArenaItAskedForUntilRelease() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> result = executor.submit(() -> {
                MemoryArena arena = ScratchArena.arena();
                try (MemoryArena.Scope scope = ScratchArena.scope()) {
                    assertSame(arena, scope.arena());
                }
                assertTrue(ScratchArena.exists(), "arena() pins it past the scope");
                assertSame(arena, ScratchArena.arena());
                arena.allocateAddress(32, 16);
                IllegalStateException e = assertThrows(IllegalStateException.class, ScratchArena::release);
                arena.reset();
                assertTrue(ScratchArena.release());
                assertFalse(ScratchArena.exists());
                return e.getMessage();
            });
            assertTrue(result.get().endsWith("0 scope(s) still open, usedBytes=32"), result.get());
        }
    }

    @Test
    void aScopeBorrowsFromThePoolAndAnArenaAskedForInsideItIsKeptThenReleasedIntoThePool() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            executor.submit(() -> {
                try (MemoryArena.Scope scope = ScratchArena.scope()) {
                    scope.allocateAddress(8, 8);
                }
            }).get(); // leaves an arena in the pool
            int pooled = ScratchArena.pooledCount();
            assertTrue(pooled >= 1, "pooled=" + pooled);
            Future<int[]> counts = executor.submit(() -> {
                MemoryArena pinned;
                int inScope;
                try (MemoryArena.Scope scope = ScratchArena.scope()) {
                    inScope = ScratchArena.pooledCount();
                    pinned = ScratchArena.arena(); // asked for inside the scope: kept past it
                    assertSame(scope.arena(), pinned);
                }
                assertTrue(ScratchArena.exists(), "arena() inside the scope pins it past the scope");
                int pinnedAfterScope = ScratchArena.pooledCount();
                assertTrue(ScratchArena.release());
                assertFalse(pinned.isClosed(), "a virtual thread's release() gives the arena back to the pool");
                return new int[] {inScope, pinnedAfterScope, ScratchArena.pooledCount()};
            });
            int[] c = counts.get();
            assertEquals(pooled - 1, c[0], "the scope borrowed a pooled arena");
            assertEquals(pooled - 1, c[1], "still borrowed while pinned");
            assertEquals(pooled, c[2], "back in the pool after release()");
        }
    }

    @Test
    void nestedScopesOfAVirtualThreadUseOneArenaAndGiveItBackOnce() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> result = executor.submit(() -> {
                MemoryArena outerArena;
                try (MemoryArena.Scope outer = ScratchArena.scope()) {
                    outerArena = outer.arena();
                    outer.allocateAddress(100, 1);
                    try (MemoryArena.Scope inner = ScratchArena.scope()) {
                        assertSame(outerArena, inner.arena());
                        inner.allocateAddress(50, 1);
                        assertEquals(150, outerArena.usedBytes());
                    }
                    assertTrue(ScratchArena.exists(), "still borrowed while the outer scope is open");
                    assertEquals(Thread.currentThread(), outerArena.owner());
                }
                assertFalse(ScratchArena.exists(), "given back with the outermost scope");
                return null;
            });
            result.get();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theArenaOfADeadPlatformThreadIsReclaimedWithoutAWarning() throws Exception {
        try (Warnings warnings = new Warnings()) {
            long reclaimed = ScratchArena.reclaimedCount();
            int openBefore = MemoryArena.openCount();
            AtomicReference<java.lang.ref.WeakReference<MemoryArena>> arena = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("short-lived").start(() -> {
                try (MemoryArena.Scope scope = ScratchArena.scope()) {
                    scope.allocateAddress(128, 16);
                    arena.set(new java.lang.ref.WeakReference<>(scope.arena()));
                }
            });
            t.join();
            t = null;
            for (int i = 0; i < 200 && (arena.get().get() != null || ScratchArena.reclaimedCount() == reclaimed); i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(arena.get().get(), "the dead thread's arena became unreachable");
            assertTrue(ScratchArena.reclaimedCount() > reclaimed, "and was reclaimed");
            assertTrue(MemoryArena.openCount() <= openBefore, "and is no longer open");
            assertEquals(List.of(), warnings.about("scratch:"), "a thread's scratch dying with it is not a leak");
        }
    }

    @Test
    void aDroppedArenaThatIsNotScratchStillWarns() throws Exception {
        try (Warnings warnings = new Warnings()) {
            int open = MemoryArena.openCount();
            MemoryArena.builder().name("dropped-not-scratch").build();
            for (int i = 0; i < 200 && warnings.about("dropped-not-scratch").isEmpty(); i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(1, warnings.about("dropped-not-scratch").size(), "leaks of user arenas are still reported");
            assertTrue(MemoryArena.openCount() <= open);
        }
    }

    @Test
    @Tag("zero-garbage")
    void platformThreadScopesStayAllocationFree() {
        for (int i = 0; i < 20_000; i++) { // warm-up
            try (MemoryArena.Scope s = ScratchArena.scope()) {
                s.allocateAddress(64, 16);
            }
        }
        long allocated = -1;
        for (int round = 0; round < 50 && allocated != 0; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                try (MemoryArena.Scope s = ScratchArena.scope()) {
                    s.allocateAddress(64, 16);
                    try (MemoryArena.Scope inner = ScratchArena.scope()) {
                        inner.allocateAddress(32, 16);
                    }
                }
            }
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated, "heap bytes of 10,000 outer and inner scratch scopes");
        assertTrue(ScratchArena.release());
    }

    @Test
    void aPoolThreadKeepsItsArenaBetweenTasksUntilItReleasesIt() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            MemoryArena first = pool.submit(() -> {
                try (MemoryArena.Scope s = ScratchArena.scope()) {
                    return s.arena();
                }
            }).get();
            MemoryArena second = pool.submit(() -> {
                try (MemoryArena.Scope s = ScratchArena.scope()) {
                    return s.arena();
                }
            }).get();
            assertSame(first, second, "a platform thread keeps its arena");
            assertTrue(pool.submit(ScratchArena::release).get());
            assertTrue(first.isClosed(), "release() frees a platform thread's arena");
            MemoryArena third = pool.submit(() -> {
                try (MemoryArena.Scope s = ScratchArena.scope()) {
                    return s.arena();
                }
            }).get();
            assertNotEquals(first, third);
            pool.submit(ScratchArena::release).get();
        }
    }
}
