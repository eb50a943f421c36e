package dev.framealloc.memory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random operations on every allocator, in both modes, checked against simple models: live data keeps its
 * pattern, every injected misuse raises its documented exception (checked mode adds use-after-release and
 * overrun detection), and a rejected call changes nothing. Each fuzz runs with the fixed seeds of
 * {@link #FIXED_SEEDS}, every time, and with one random seed. Replace the random one with {@code -Dfuzz.seed=N}
 * to replay a failure.
 */
class FuzzTest {
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final MemorySegment[] REFERENCE = new MemorySegment[256];
    private static final int REFERENCE_BYTES = 8192;
    private static final java.lang.foreign.Arena REFERENCE_ARENA = java.lang.foreign.Arena.ofShared();
    /** Seeds every run uses, so what they cover is covered every time. */
    static final long[] FIXED_SEEDS = {1, 2};
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static long totalOperations;
    /** How often each injected misuse raised its exception, per fuzz run. */
    private static final java.util.Map<String, Long> MISUSES = new java.util.concurrent.ConcurrentSkipListMap<>();

    static LongStream seeds() {
        return LongStream.concat(LongStream.of(FIXED_SEEDS), LongStream.of(SEED));
    }

    @BeforeAll
    static void printSeed() {
        System.out.println("FuzzTest seeds=" + Arrays.toString(seeds().toArray()) + " (the last is random; replay it"
                + " with -Dfuzz.seed=" + SEED + ")");
        for (int b = 0; b < 256; b++) {
            REFERENCE[b] = REFERENCE_ARENA.allocate(REFERENCE_BYTES).fill((byte) b);
        }
    }

    @AfterAll
    static void printCount() {
        System.out.println("FuzzTest total operations=" + totalOperations + " random seed=" + SEED);
        System.out.println("FuzzTest misuses caught: " + MISUSES);
        REFERENCE_ARENA.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyInjectedMisuseWasCaughtInCheckedMode(long seed) {
        MISUSES.clear();
        run("misuses", seed, () -> new ArenaFuzz(true, new SplittableRandom(seed + 6)).run(25_000)
                + new FrameFuzz(true, new SplittableRandom(seed + 7)).run(10_000)
                + new SlabFuzz(true, new SplittableRandom(seed + 8)).run(25_000));
        for (String misuse : List.of("negative size", "bad alignment", "size + alignment overflows", "over the cap",
                "released mark", "out-of-order scope close", "use after release",
                "frame data after its arena was reused", "double free or stale free", "stale address",
                "foreign handle", "null handle", "freed slot segment")) {
            assertTrue(MISUSES.getOrDefault(misuse, 0L) > 0, "seed " + seed + ": misuse never injected and caught: "
                    + misuse + " in " + MISUSES);
        }
        long overruns = MISUSES.entrySet().stream().filter(e -> e.getKey().endsWith("reports the overrun"))
                .mapToLong(java.util.Map.Entry::getValue).sum();
        assertTrue(overruns > 0, "seed " + seed + ": no injected overrun was reported: " + MISUSES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void arenaUnchecked(long seed) {
        run("arena/unchecked", seed, () -> new ArenaFuzz(false, new SplittableRandom(seed)).run(100_000));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void arenaChecked(long seed) {
        run("arena/checked", seed, () -> new ArenaFuzz(true, new SplittableRandom(seed + 1)).run(50_000));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void framesUnchecked(long seed) {
        run("frames/unchecked", seed, () -> new FrameFuzz(false, new SplittableRandom(seed + 2)).run(50_000));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void framesChecked(long seed) {
        run("frames/checked", seed, () -> new FrameFuzz(true, new SplittableRandom(seed + 3)).run(35_000));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void slabUnchecked(long seed) {
        run("slab/unchecked", seed, () -> new SlabFuzz(false, new SplittableRandom(seed + 4)).run(85_000));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void slabChecked(long seed) {
        run("slab/checked", seed, () -> new SlabFuzz(true, new SplittableRandom(seed + 5)).run(35_000));
    }

    private interface Fuzz {
        long run();
    }

    private static void run(String name, long seed, Fuzz fuzz) {
        try {
            long ops = fuzz.run();
            synchronized (FuzzTest.class) {
                totalOperations += ops;
            }
            System.out.println("FuzzTest " + name + " seed=" + seed + " operations=" + ops);
        } catch (Throwable t) {
            throw new AssertionError("fuzz " + name + " failed with seed " + seed + " (replay with -Dfuzz.seed=" + seed
                    + "): " + t, t);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Shared model pieces
    // ---------------------------------------------------------------------------------------------------

    /** One live allocation of the model. {@code segment} is set for segment allocations. */
    record Live(long address, long size, byte pattern, MemorySegment segment) {
        void verify(String where) {
            long checked = 0;
            while (checked < size) {
                long n = Math.min(REFERENCE_BYTES, size - checked);
                long mismatch = MemorySegment.mismatch(ALL, address + checked, address + checked + n,
                        REFERENCE[pattern & 0xFF], 0, n);
                if (mismatch >= 0) {
                    throw new AssertionError(where + ": allocation at 0x" + Long.toHexString(address) + " size=" + size
                            + " corrupted at byte " + (checked + mismatch));
                }
                checked += n;
            }
        }
    }

    private static void fill(long address, long size, byte pattern) {
        ALL.asSlice(address, size).fill(pattern);
    }

    private static void expect(Class<? extends Throwable> type, Runnable call, String what) {
        try {
            call.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                MISUSES.merge(what, 1L, Long::sum);
                return;
            }
            throw new AssertionError(what + ": expected " + type.getSimpleName() + " but got " + t, t);
        }
        throw new AssertionError(what + ": expected " + type.getSimpleName() + " but nothing was thrown");
    }

    private static void verifyAll(List<Live> live, String where) {
        for (Live l : live) {
            l.verify(where);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // MemoryArena with marks and scopes
    // ---------------------------------------------------------------------------------------------------

    private static final class ArenaFuzz {
        private final boolean checked;
        private final SplittableRandom random;
        private final List<Live> live = new ArrayList<>();
        private final List<Object> markStack = new ArrayList<>(); // Long token or Scope
        private final List<Integer> markLive = new ArrayList<>();
        private final List<Long> releasedMarks = new ArrayList<>();
        private final List<MemorySegment> releasedSegments = new ArrayList<>();
        private byte nextPattern = 1;
        private boolean overrunPending;

        ArenaFuzz(boolean checked, SplittableRandom random) {
            this.checked = checked;
            this.random = random;
        }

        long run(int operations) {
            try (MemoryArena arena = MemoryArena.builder().name("fuzz").blockSize(4096).maxBytes(1 << 20)
                    .checked(checked).build()) {
                for (int op = 0; op < operations; op++) {
                    int dice = random.nextInt(100);
                    if (dice < 55) {
                        allocate(arena);
                    } else if (dice < 62) {
                        markStack.add(arena.mark());
                        markLive.add(live.size());
                    } else if (dice < 67) {
                        markStack.add(arena.scope());
                        markLive.add(live.size());
                    } else if (dice < 76) {
                        release(arena);
                    } else if (dice < 78) {
                        releaseThrowingIfOverrun(arena::reset, "reset");
                        dropFrom(0, 0);
                        check(arena.usedBytes() == 0 && arena.liveMarkCount() == 0, "reset clears");
                    } else {
                        misuse(arena);
                    }
                    check(arena.liveMarkCount() == markStack.size(), "mark depth matches the model");
                    if (live.size() > 400) {
                        releaseThrowingIfOverrun(arena::reset, "reset");
                        dropFrom(0, 0);
                    }
                }
                verifyAll(live, "end");
                if (overrunPending) {
                    expect(GuardViolationException.class, arena::close, "close reports the pending overrun");
                }
            }
            return operations;
        }

        private void allocate(MemoryArena arena) {
            long size = random.nextInt(10) == 0 ? random.nextInt(6000) : random.nextInt(200);
            long alignment = 1L << random.nextInt(9);
            long address;
            MemorySegment segment = null;
            switch (random.nextInt(3)) {
                case 0 -> address = arena.allocateAddress(size, alignment);
                case 1 -> {
                    segment = arena.allocate(size, alignment);
                    address = segment.address();
                }
                default -> {
                    segment = arena.allocateZeroed(size, alignment);
                    address = segment.address();
                    check(segment.byteSize() == 0 || MemorySegment.mismatch(segment, 0, size, REFERENCE[0], 0, Math.min(size, REFERENCE_BYTES)) < 0
                            || size > REFERENCE_BYTES, "allocateZeroed is zeroed");
                }
            }
            check((address & (alignment - 1)) == 0, "aligned to " + alignment);
            byte pattern = nextPattern;
            nextPattern = (byte) (nextPattern == 127 ? 1 : nextPattern + 1);
            if (segment != null) {
                segment.fill(pattern);
            } else {
                fill(address, size, pattern);
            }
            live.add(new Live(address, size, pattern, segment));
        }

        private void release(MemoryArena arena) {
            if (markStack.isEmpty()) {
                return;
            }
            Object top = markStack.getLast();
            int depth;
            if (top instanceof MemoryArena.Scope) {
                depth = markStack.size() - 1; // scopes close innermost first
            } else {
                depth = random.nextInt(markStack.size());
                for (int d = markStack.size() - 1; d > depth; d--) {
                    if (markStack.get(d) instanceof MemoryArena.Scope) {
                        depth = d; // resetTo below an open scope is refused; stay above the innermost scope
                        break;
                    }
                }
                if (markStack.get(depth) instanceof MemoryArena.Scope) {
                    depth = markStack.size() - 1;
                }
            }
            Object target = markStack.get(depth);
            int firstReleased = markLive.get(depth);
            verifyAll(live.subList(0, firstReleased), "before release");
            verifyAll(live.subList(firstReleased, live.size()), "before release");
            if (target instanceof MemoryArena.Scope scope) {
                releaseThrowingIfOverrunOf(scope::close, "scope close", firstReleased);
            } else {
                long token = (Long) target;
                releaseThrowingIfOverrunOf(() -> arena.resetTo(token), "resetTo", firstReleased);
                releasedMarks.add(token);
            }
            dropFrom(depth, firstReleased);
        }

        private void releaseThrowingIfOverrun(Runnable release, String what) {
            releaseThrowingIfOverrunOf(release, what, 0);
        }

        /** Runs a release; in checked mode an overrun in the released range must be reported by it. */
        private void releaseThrowingIfOverrunOf(Runnable release, String what, int firstReleased) {
            if (overrunPending && overrunIndex >= firstReleased) {
                expect(GuardViolationException.class, release, what + " reports the overrun");
                overrunPending = false;
            } else {
                release.run();
            }
        }

        private int overrunIndex = -1;

        private void dropFrom(int depth, int firstLive) {
            for (Live l : live.subList(firstLive, live.size())) {
                if (l.segment() != null && releasedSegments.size() < 64) {
                    releasedSegments.add(l.segment());
                }
            }
            live.subList(firstLive, live.size()).clear();
            for (Object m : markStack.subList(depth, markStack.size())) {
                if (m instanceof Long token) {
                    releasedMarks.add(token);
                }
            }
            markStack.subList(depth, markStack.size()).clear();
            markLive.subList(depth, markLive.size()).clear();
            if (releasedMarks.size() > 64) {
                releasedMarks.subList(0, 32).clear();
            }
        }

        private void misuse(MemoryArena arena) {
            long used = arena.usedBytes();
            switch (random.nextInt(7)) {
                case 0 -> expect(IllegalArgumentException.class, () -> arena.allocateAddress(-1 - random.nextInt(100), 8), "negative size");
                case 1 -> expect(IllegalArgumentException.class, () -> arena.allocate(8, 3 + 2L * random.nextInt(100)), "bad alignment");
                case 2 -> expect(IllegalArgumentException.class, () -> arena.allocateAddress(Long.MAX_VALUE - random.nextInt(63), 64), "size + alignment overflows");
                case 3 -> expect(ArenaExhaustedException.class, () -> arena.allocateAddress(2 << 20, 16), "over the cap");
                case 4 -> {
                    if (!releasedMarks.isEmpty()) {
                        long stale = releasedMarks.get(random.nextInt(releasedMarks.size()));
                        expect(IllegalStateException.class, () -> arena.resetTo(stale), "released mark");
                    }
                }
                case 5 -> {
                    int scopeDepth = -1;
                    for (int d = 0; d < markStack.size() - 1; d++) {
                        if (markStack.get(d) instanceof MemoryArena.Scope && hasScopeAbove(d)) {
                            scopeDepth = d;
                        }
                    }
                    if (scopeDepth >= 0) {
                        MemoryArena.Scope outer = (MemoryArena.Scope) markStack.get(scopeDepth);
                        expect(IllegalStateException.class, outer::close, "out-of-order scope close");
                    }
                }
                default -> {
                    if (checked && !releasedSegments.isEmpty() && (overrunPending || random.nextBoolean())) {
                        MemorySegment dead = releasedSegments.get(random.nextInt(releasedSegments.size()));
                        if (dead.byteSize() > 0) {
                            expect(IllegalStateException.class, () -> dead.get(ValueLayout.JAVA_BYTE, 0), "use after release");
                        }
                    } else if (checked && !overrunPending && !live.isEmpty()) {
                        int index = random.nextInt(live.size());
                        Live victim = live.get(index);
                        ALL.set(ValueLayout.JAVA_BYTE, victim.address() + victim.size(), (byte) 0x11);
                        overrunPending = true;
                        overrunIndex = index;
                    }
                }
            }
            check(arena.usedBytes() == used, "a rejected call changes nothing");
        }

        private boolean hasScopeAbove(int depth) {
            for (int d = depth + 1; d < markStack.size(); d++) {
                if (markStack.get(d) instanceof MemoryArena.Scope) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // FrameArenas
    // ---------------------------------------------------------------------------------------------------

    private static final class FrameFuzz {
        private final boolean checked;
        private final SplittableRandom random;

        FrameFuzz(boolean checked, SplittableRandom random) {
            this.checked = checked;
            this.random = random;
        }

        long run(int operations) {
            int frameCount = 2 + random.nextInt(2);
            long ops = 0;
            try (FrameArenas frames = FrameArenas.builder().frameCount(frameCount).blockSize(2048).checked(checked).build()) {
                List<List<Live>> window = new ArrayList<>(); // index 0 = oldest frame still valid
                byte pattern = 1;
                while (ops < operations) {
                    frames.beginFrame();
                    ops++;
                    if (window.size() == frameCount) {
                        List<Live> expired = window.removeFirst();
                        if (checked) {
                            for (Live l : expired) {
                                if (l.segment() != null && l.size() > 0) {
                                    expect(IllegalStateException.class, () -> l.segment().get(ValueLayout.JAVA_BYTE, 0),
                                            "frame data after its arena was reused");
                                    break;
                                }
                            }
                        }
                    }
                    for (List<Live> older : window) {
                        verifyAll(older, "frame window");
                    }
                    List<Live> current = new ArrayList<>();
                    int allocations = random.nextInt(40);
                    MemoryArena arena = frames.current();
                    for (int i = 0; i < allocations; i++, ops++) {
                        long size = random.nextInt(8) == 0 ? random.nextInt(5000) : random.nextInt(300);
                        long alignment = 1L << random.nextInt(7);
                        MemorySegment segment = random.nextBoolean() ? arena.allocate(size, alignment) : null;
                        long address = segment != null ? segment.address() : arena.allocateAddress(size, alignment);
                        check((address & (alignment - 1)) == 0, "aligned");
                        fill(address, size, pattern);
                        current.add(new Live(address, size, pattern, segment));
                        pattern = (byte) (pattern == 127 ? 1 : pattern + 1);
                    }
                    check(frames.allocationCount() == allocations, "allocation count of the frame");
                    window.add(current);
                }
            }
            return ops;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // SlabAllocator
    // ---------------------------------------------------------------------------------------------------

    private static final class SlabFuzz {
        private final boolean checked;
        private final SplittableRandom random;

        SlabFuzz(boolean checked, SplittableRandom random) {
            this.checked = checked;
            this.random = random;
        }

        long run(int operations) {
            long slotSize = 8 + random.nextInt(120);
            try (SlabAllocator slab = SlabAllocator.builder().slotSize(slotSize).slotsPerSlab(16).maxSlabs(64)
                    .checked(checked).build();
                 SlabAllocator other = SlabAllocator.builder().name("other").build()) {
                long foreign = other.allocate();
                List<Long> handles = new ArrayList<>();
                List<Live> live = new ArrayList<>();
                List<Long> dead = new ArrayList<>();
                List<MemorySegment> deadSegments = new ArrayList<>();
                byte pattern = 1;
                for (int op = 0; op < operations; op++) {
                    int dice = random.nextInt(100);
                    if (dice < 50 && handles.size() < 16 * 64) {
                        long h = slab.allocate();
                        long address = slab.address(h);
                        check(address % slab.alignment() == 0, "slot aligned");
                        MemorySegment segment = random.nextInt(4) == 0 ? slab.segment(h) : null;
                        fill(address, slab.slotSize(), pattern);
                        handles.add(h);
                        live.add(new Live(address, slab.slotSize(), pattern, segment));
                        pattern = (byte) (pattern == 127 ? 1 : pattern + 1);
                    } else if (dice < 92 && !handles.isEmpty()) {
                        int i = random.nextInt(handles.size());
                        long h = handles.get(i);
                        live.get(i).verify("slot before free");
                        slab.free(h);
                        Live freed = live.get(i);
                        int last = handles.size() - 1;
                        handles.set(i, handles.get(last));
                        live.set(i, live.get(last));
                        handles.removeLast();
                        live.removeLast();
                        dead.add(h);
                        if (freed.segment() != null) {
                            deadSegments.add(freed.segment());
                        }
                        if (dead.size() > 64) {
                            dead.subList(0, 32).clear();
                        }
                        if (deadSegments.size() > 16) {
                            deadSegments.subList(0, 8).clear();
                        }
                    } else {
                        int live0 = slab.liveCount();
                        switch (random.nextInt(5)) {
                            case 0 -> {
                                if (!dead.isEmpty()) {
                                    long d = dead.get(random.nextInt(dead.size()));
                                    expect(IllegalStateException.class, () -> slab.free(d), "double free or stale free");
                                }
                            }
                            case 1 -> {
                                if (!dead.isEmpty()) {
                                    long d = dead.get(random.nextInt(dead.size()));
                                    expect(IllegalStateException.class, () -> slab.address(d), "stale address");
                                }
                            }
                            case 2 -> expect(IllegalArgumentException.class, () -> slab.free(foreign), "foreign handle");
                            case 3 -> expect(IllegalArgumentException.class, () -> slab.address(0), "null handle");
                            default -> {
                                if (checked && !deadSegments.isEmpty()) {
                                    MemorySegment s = deadSegments.get(random.nextInt(deadSegments.size()));
                                    expect(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0), "freed slot segment");
                                }
                            }
                        }
                        check(slab.liveCount() == live0, "a rejected call changes nothing");
                    }
                    if ((op & 1023) == 0) {
                        verifyAll(live, "slab periodic");
                        check(slab.liveCount() == handles.size(), "live count matches the model");
                    }
                }
                verifyAll(live, "slab end");
                check(slab.liveCount() == handles.size(), "live count matches the model");
            }
            return operations;
        }
    }

    private static void check(boolean condition, String what) {
        assertTrue(condition, what);
    }
}
