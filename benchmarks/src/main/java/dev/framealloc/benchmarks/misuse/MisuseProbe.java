package dev.framealloc.benchmarks.misuse;

import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.ScratchArena;
import dev.framealloc.memory.SlabAllocator;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same misuse against framealloc and its peers and records what each one does: throw (which
 * exception, what message), carry on silently (and what it then reads), or crash the JVM. Every case runs in
 * its own child JVM, so a crash is recorded instead of ending the probe.
 * <p>
 * {@code java -cp benchmarks.jar dev.framealloc.benchmarks.misuse.MisuseProbe docs/RELIABILITY.md} rewrites the
 * table between the {@code <!-- peers:begin -->} and {@code <!-- peers:end -->} markers of that file.
 */
public final class MisuseProbe {
    private static final String BEGIN = "<!-- peers:begin -->";
    private static final String END = "<!-- peers:end -->";
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** A misuse and, per contestant, the code that commits it; each returns what it observed when nothing threw. */
    private record Misuse(String name, Map<String, Case> byContestant) {}

    @FunctionalInterface
    private interface Case {
        String run() throws Exception;
    }

    private static final String FA = "framealloc";
    private static final String FA_CHECKED = "framealloc checked";
    private static final String STACK = "LWJGL MemoryStack";
    private static final String UTIL = "LWJGL MemoryUtil";
    private static final String JDK = "JDK Arena (confined)";
    private static final String DIRECT = "ByteBuffer.allocateDirect";
    private static final List<String> CONTESTANTS = List.of(FA, FA_CHECKED, STACK, UTIL, JDK, DIRECT);

    private MisuseProbe() {}

    private static List<Misuse> misuses() {
        List<Misuse> list = new ArrayList<>();
        list.add(misuse("Read memory after its frame/stack/arena was released",
                () -> useAfterReset(false),
                () -> useAfterReset(true),
                () -> {
                    ByteBuffer first;
                    try (MemoryStack stack = MemoryStack.stackPush()) {
                        first = stack.malloc(16);
                        first.putInt(0, 42);
                    }
                    try (MemoryStack stack = MemoryStack.stackPush()) {
                        stack.malloc(16).putInt(0, 7);
                    }
                    return "read " + first.getInt(0) + " (the next frame's data)";
                },
                () -> {
                    long a = MemoryUtil.nmemAlloc(16);
                    MemoryUtil.memPutInt(a, 42);
                    MemoryUtil.nmemFree(a);
                    return "read " + MemoryUtil.memGetInt(a) + " from freed memory";
                },
                () -> {
                    MemorySegment s;
                    try (Arena arena = Arena.ofConfined()) {
                        s = arena.allocate(16);
                    }
                    return "read " + s.get(ValueLayout.JAVA_INT, 0);
                },
                () -> null));
        list.add(misuse("Write 1 byte past the end through the handed-out view",
                () -> overrunView(false),
                () -> overrunView(true),
                () -> {
                    try (MemoryStack stack = MemoryStack.stackPush()) {
                        stack.malloc(16).put(16, (byte) 1);
                    }
                    return "wrote";
                },
                () -> null,
                () -> {
                    try (Arena arena = Arena.ofConfined()) {
                        arena.allocate(16).set(ValueLayout.JAVA_BYTE, 16, (byte) 1);
                    }
                    return "wrote";
                },
                () -> {
                    ByteBuffer.allocateDirect(16).put(16, (byte) 1);
                    return "wrote";
                }));
        list.add(misuse("Write 1 byte past the end through the raw address",
                () -> overrunRaw(false),
                () -> overrunRaw(true),
                () -> {
                    try (MemoryStack stack = MemoryStack.stackPush()) {
                        long a = stack.nmalloc(16, 16);
                        MemoryUtil.memPutByte(a + 16, (byte) 1);
                    }
                    return "wrote; pop()ed without a word";
                },
                () -> {
                    long a = MemoryUtil.nmemAlloc(16);
                    MemoryUtil.memPutLong(a + 16, -1L);
                    MemoryUtil.nmemFree(a);
                    return "wrote over the malloc header of the next chunk; free() said nothing";
                },
                () -> {
                    try (Arena arena = Arena.ofConfined()) {
                        long a = arena.allocate(16).address();
                        ALL.set(ValueLayout.JAVA_BYTE, a + 16, (byte) 1);
                    }
                    return "wrote; close() said nothing";
                },
                () -> {
                    long a = MemoryUtil.memAddress(ByteBuffer.allocateDirect(16));
                    MemoryUtil.memPutByte(a + 16, (byte) 1);
                    return "wrote";
                }));
        list.add(misuse("Free the same memory twice",
                () -> doubleFree(false),
                () -> doubleFree(true),
                () -> {
                    MemoryStack stack = MemoryStack.create(1024);
                    stack.push();
                    stack.pop();
                    stack.pop();
                    return "second pop() accepted (frame index now " + stack.getFrameIndex() + ")";
                },
                () -> {
                    long a = MemoryUtil.nmemAlloc(16);
                    MemoryUtil.nmemFree(a);
                    MemoryUtil.nmemFree(a);
                    return "second free accepted";
                },
                () -> {
                    Arena arena = Arena.ofConfined();
                    arena.close();
                    arena.close();
                    return "second close accepted";
                },
                () -> null));
        list.add(misuse("Close an outer scope while an inner one is open",
                () -> outOfOrder(false),
                () -> outOfOrder(true),
                () -> {
                    MemoryStack stack = MemoryStack.create(1024);
                    MemoryStack outer = stack.push();
                    long a = stack.nmalloc(8, 8);
                    MemoryStack inner = stack.push();
                    stack.nmalloc(8, 8);
                    outer.close(); // pops the inner frame: same object
                    long b = stack.nmalloc(8, 8);
                    return "closed without a word" + (a == b ? "; the outer allocation's memory is handed out again" : "");
                },
                () -> null,
                () -> null,
                () -> null));
        list.add(misuse("Allocate a negative size (-1)",
                () -> "address " + arena(false).allocateAddress(-1, 8),
                () -> "address " + arena(true).allocateAddress(-1, 8),
                () -> {
                    try (MemoryStack stack = MemoryStack.stackPush()) {
                        return "address 0x" + Long.toHexString(stack.nmalloc(8, -1));
                    }
                },
                () -> "returned 0x" + Long.toHexString(MemoryUtil.nmemAlloc(-1)),
                () -> {
                    try (Arena arena = Arena.ofConfined()) {
                        return "segment " + arena.allocate(-1);
                    }
                },
                () -> "buffer " + ByteBuffer.allocateDirect(-1)));
        list.add(misuse("Allocate with alignment 12 (not a power of two)",
                () -> "address " + arena(false).allocateAddress(16, 12),
                () -> "address " + arena(true).allocateAddress(16, 12),
                () -> {
                    try (MemoryStack stack = MemoryStack.stackPush()) {
                        long a = stack.nmalloc(12, 16);
                        return "address 0x" + Long.toHexString(a) + " (address % 12 = " + (a % 12) + ")";
                    }
                },
                () -> {
                    long a = MemoryUtil.nmemAlignedAlloc(12, 16);
                    return "returned 0x" + Long.toHexString(a);
                },
                () -> {
                    try (Arena arena = Arena.ofConfined()) {
                        return "segment " + arena.allocate(16, 12);
                    }
                },
                () -> null));
        list.add(misuse("Exceed the budget (1 MiB request, 64 KiB budget)",
                () -> "address " + MemoryArena.builder().name("budget").blockSize(64 * 1024).maxBytes(64 * 1024)
                        .checked(false).build().allocateAddress(1 << 20, 16),
                () -> "address " + MemoryArena.builder().name("budget").blockSize(64 * 1024).maxBytes(64 * 1024)
                        .checked(true).build().allocateAddress(1 << 20, 16),
                () -> {
                    try (MemoryStack stack = MemoryStack.create(64 * 1024).push()) {
                        return "address " + stack.nmalloc(16, 1 << 20);
                    }
                },
                () -> "nmemAlloc(Long.MAX_VALUE / 2) returned 0x" + Long.toHexString(MemoryUtil.nmemAlloc(Long.MAX_VALUE / 2)),
                () -> {
                    try (Arena arena = Arena.ofConfined()) {
                        return "segment " + arena.allocate(Long.MAX_VALUE / 2);
                    }
                },
                () -> "buffer " + ByteBuffer.allocateDirect(Integer.MAX_VALUE)));
        list.add(misuse("Allocate from another thread",
                () -> otherThread(arena(false)::allocateAddress),
                () -> otherThread(arena(true)::allocateAddress),
                () -> {
                    MemoryStack stack = MemoryStack.stackGet();
                    return otherThread(size -> stack.nmalloc(8, (int) size));
                },
                () -> null,
                () -> {
                    Arena arena = Arena.ofConfined();
                    return otherThread(size -> arena.allocate(size).address());
                },
                () -> null));
        list.add(misuse("Drop the allocator without freeing it",
                () -> leak(false),
                () -> leak(true),
                () -> null,
                () -> {
                    MemoryUtil.nmemAlloc(1 << 20);
                    return "1 MiB leaked silently (LWJGL's debug allocator can report it)";
                },
                () -> {
                    Arena.ofConfined().allocate(1 << 20);
                    System.gc();
                    return "1 MiB leaked silently: a confined arena is only freed by close()";
                },
                () -> {
                    ByteBuffer.allocateDirect(1 << 20);
                    System.gc();
                    return "freed by the GC, whenever it runs";
                }));
        list.add(misuse("Scratch memory in 20,000 virtual threads (one scope of 1 KiB each)",
                () -> virtualThreads(ScratchArena::scope, true),
                () -> {
                    System.setProperty("dev.framealloc.checked", "true"); // scratch arenas follow the property
                    return virtualThreads(ScratchArena::scope, true);
                },
                () -> virtualThreads(() -> {
                    MemoryStack stack = MemoryStack.stackPush();
                    stack.nmalloc(16, 1024);
                    return stack;
                }, false),
                () -> null,
                () -> virtualThreads(() -> {
                    Arena arena = Arena.ofConfined();
                    arena.allocate(1024, 16);
                    return arena;
                }, false),
                () -> null));
        return list;
    }

    /**
     * Runs {@value #VIRTUAL_THREADS} virtual threads, each opening one scratch scope and allocating 1 KiB in it
     * (the scope opener allocates for the peers), and reports the resident-memory growth once the executor has
     * closed; for framealloc also the arenas still open then and the leak warnings logged after a GC.
     */
    private static String virtualThreads(java.util.concurrent.Callable<AutoCloseable> openScope, boolean framealloc)
            throws Exception {
        java.util.concurrent.atomic.AtomicInteger warnings = new java.util.concurrent.atomic.AtomicInteger();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("dev.framealloc.memory");
        logger.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.incrementAndGet();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        logger.setUseParentHandlers(false);
        long before = rssKiB();
        int open = MemoryArena.openCount();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < VIRTUAL_THREADS; i++) {
                executor.submit(() -> {
                    try (AutoCloseable scope = openScope.call()) {
                        if (scope instanceof MemoryArena.Scope s) {
                            s.allocateAddress(1024, 16);
                        }
                    }
                    return null;
                });
            }
        }
        long grownMiB = (rssKiB() - before) / 1024;
        int stillOpen = MemoryArena.openCount() - open;
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(50);
        }
        String result = String.format(java.util.Locale.ROOT, "RSS +%,d MiB after the executor closed", grownMiB);
        if (framealloc) {
            result += String.format(java.util.Locale.ROOT, "; %,d arenas open then; %,d leak warnings after a GC",
                    stillOpen, warnings.get());
        }
        return result;
    }

    private static final int VIRTUAL_THREADS = 20_000;

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    // ---- framealloc cases ----

    private static MemoryArena arena(boolean checked) {
        return MemoryArena.builder().name("probe").checked(checked).build();
    }

    private static String useAfterReset(boolean checked) {
        MemoryArena arena = arena(checked);
        MemorySegment first = arena.allocate(16, 16);
        first.set(ValueLayout.JAVA_INT, 0, 42);
        arena.reset();
        arena.allocate(16, 16).set(ValueLayout.JAVA_INT, 0, 7);
        try {
            return "read " + first.get(ValueLayout.JAVA_INT, 0) + " (the next frame's data)";
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; MemoryArena.describe(segment): " + MemoryArena.describe(first), e);
        }
    }

    private static String overrunView(boolean checked) {
        arena(checked).allocate(16, 16).set(ValueLayout.JAVA_BYTE, 16, (byte) 1);
        return "wrote";
    }

    private static String overrunRaw(boolean checked) {
        MemoryArena arena = arena(checked);
        long a = arena.allocateAddress(16, 16);
        ALL.set(ValueLayout.JAVA_BYTE, a + 16, (byte) 1);
        arena.reset();
        return "wrote; reset() said nothing";
    }

    private static String doubleFree(boolean checked) {
        SlabAllocator slab = SlabAllocator.builder().name("probe").checked(checked).build();
        long h = slab.allocate();
        slab.free(h);
        slab.free(h);
        return "second free accepted";
    }

    private static String outOfOrder(boolean checked) {
        MemoryArena arena = arena(checked);
        MemoryArena.Scope outer = arena.scope();
        arena.scope();
        outer.close();
        return "closed";
    }

    private interface Allocation {
        long allocate(long size);
    }

    private static String otherThread(Allocation allocation) throws Exception {
        try {
            return CompletableFuture.supplyAsync(() -> "allocated 0x" + Long.toHexString(allocation.allocate(64)))
                    .get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static String leak(boolean checked) throws Exception {
        int open = MemoryArena.openCount();
        MemoryArena.builder().name("dropped").checked(checked).build().allocateAddress(64, 16);
        for (int i = 0; i < 50 && MemoryArena.openCount() > open; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return MemoryArena.openCount() == open
                ? "cleaner freed it and logged a WARNING with its name and creation site"
                : "not collected within 1 s";
    }

    // ---- the probe ----

    /** The cases in {@link #CONTESTANTS} order; a case returning null means the misuse does not apply. */
    private static Misuse misuse(String name, Case framealloc, Case frameallocChecked, Case memoryStack,
                                 Case memoryUtil, Case jdkArena, Case directBuffer) {
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put(FA, framealloc);
        cases.put(FA_CHECKED, frameallocChecked);
        cases.put(STACK, memoryStack);
        cases.put(UTIL, memoryUtil);
        cases.put(JDK, jdkArena);
        cases.put(DIRECT, directBuffer);
        return new Misuse(name, cases);
    }

    /**
     * With {@code --case MISUSE CONTESTANT}: runs one case in this JVM and prints its outcome. Otherwise runs every
     * case in a child JVM and writes the table into the file named by the first argument (or prints it).
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--case")) {
            runCase(Integer.parseInt(args[1]), args[2]);
            return;
        }
        String table = table();
        if (args.length == 1) {
            Path file = Path.of(args[0]);
            String doc = Files.readString(file);
            int begin = doc.indexOf(BEGIN);
            int end = doc.indexOf(END);
            if (begin < 0 || end < begin) {
                System.err.println("error: " + file + " has no " + BEGIN + " ... " + END + " markers");
                System.exit(2);
            }
            Files.writeString(file, doc.substring(0, begin + BEGIN.length()) + "\n" + table + doc.substring(end));
            System.out.println("wrote the peer table into " + file);
        } else {
            System.out.println(table);
        }
    }

    private static void runCase(int index, String contestant) {
        Case c = misuses().get(index).byContestant().get(contestant);
        String outcome;
        try {
            String observed = c.run();
            outcome = observed == null ? "n/a" : "no error: " + observed;
        } catch (Throwable t) {
            outcome = "**" + t.getClass().getSimpleName() + "**: " + t.getMessage();
        }
        System.out.println("OUTCOME " + outcome.replace('\n', ' ').replace("|", "\\|"));
        System.out.flush();
        System.exit(0);
    }

    private static String table() throws IOException, InterruptedException {
        List<Misuse> misuses = misuses();
        StringBuilder out = new StringBuilder();
        out.append("| misuse | ").append(String.join(" | ", CONTESTANTS)).append(" |\n|---|");
        out.append("---|".repeat(CONTESTANTS.size())).append('\n');
        for (int i = 0; i < misuses.size(); i++) {
            out.append("| ").append(misuses.get(i).name());
            for (String contestant : CONTESTANTS) {
                out.append(" | ").append(runChild(i, contestant));
            }
            out.append(" |\n");
            System.err.println("probed: " + misuses.get(i).name());
        }
        return out.toString();
    }

    private static String runChild(int index, String contestant) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:MaxDirectMemorySize=64m",
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                MisuseProbe.class.getName(), "--case", Integer.toString(index), contestant);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
            return "hung (killed after 60 s)";
        }
        for (String line : output.split("\n")) {
            if (line.startsWith("OUTCOME ")) {
                return shorten(line.substring("OUTCOME ".length()));
            }
        }
        String first = output.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING")).findFirst().orElse("no output");
        int code = process.exitValue();
        String signal = code > 128 ? " (signal " + (code - 128) + ")" : "";
        return "**JVM crashed**, exit " + code + signal + ": " + shorten(first.replace("|", "\\|"));
    }

    private static String shorten(String s) {
        return s.length() <= 220 ? s : s.substring(0, 217) + "...";
    }
}
