package dev.framealloc.benchmarks.scratch;

import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.ScratchArena;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The experiment of issue 9: N virtual threads each open one {@code ScratchArena} scope and use 1 KiB of it.
 * Prints how much the process's resident memory grew, how many arenas stay open after the executor closes, and
 * how many "leaked" warnings the library logs once the garbage collector and its cleaner have run.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar dev.framealloc.benchmarks.scratch.VirtualThreadScratch
 * [--threads 20000] [--bytes 1024] [--yield]} ({@code --yield}: each thread calls {@code Thread.yield()} inside its
 * scope, so scopes stay open while other virtual threads run on the same carrier). Linux only (reads
 * {@code /proc/self/status}). Each written byte is checked after the yield, so a scope whose memory another thread
 * reused is reported as corrupted.
 */
public final class VirtualThreadScratch {
    private static final String LOGGER = "dev.framealloc.memory";
    private static final long SETTLE_MILLIS = 3_000;
    /** java.util.logging holds loggers weakly: this keeps ours, with its counting handler. */
    private static final List<Logger> KEEP = new ArrayList<>();

    private VirtualThreadScratch() {}

    public static void main(String[] args) throws Exception {
        int threads = 20_000;
        int bytes = 1024;
        boolean yield = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--bytes" -> bytes = Integer.parseInt(args[++i]);
                case "--yield" -> yield = true;
                default -> {
                    System.err.println("error: unknown argument '" + args[i] + "'; usage: [--threads N] [--bytes N] [--yield]");
                    System.exit(2);
                }
            }
        }
        AtomicLong warnings = countWarnings();
        int openBefore = MemoryArena.openCount();
        long rssBefore = statusKiB("VmRSS");
        AtomicInteger corrupted = new AtomicInteger();
        int size = bytes;
        boolean yieldInScope = yield;
        long start = System.nanoTime();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                byte tag = (byte) t;
                executor.submit(() -> {
                    try (MemoryArena.Scope scope = ScratchArena.scope()) {
                        MemorySegment data = scope.allocate(size, 16);
                        data.fill(tag);
                        if (yieldInScope) {
                            Thread.yield();
                        }
                        for (long k = 0; k < size; k++) {
                            if (data.get(ValueLayout.JAVA_BYTE, k) != tag) {
                                corrupted.incrementAndGet();
                                break;
                            }
                        }
                    }
                });
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long rssAfter = statusKiB("VmRSS");
        long rssPeak = statusKiB("VmHWM");
        int openAfterExecutor = MemoryArena.openCount() - openBefore;
        for (long end = System.currentTimeMillis() + SETTLE_MILLIS; System.currentTimeMillis() < end; ) {
            System.gc();
            Thread.sleep(100);
        }
        int openAfterGc = MemoryArena.openCount() - openBefore;
        System.out.printf("virtual threads: %,d, each one scratch scope using %,d bytes%s (%,d ms)%n", threads, bytes,
                yield ? " and yielding inside it" : "", elapsedMs);
        System.out.printf("RSS growth: %,d KiB (%.1f MiB) after the executor closed; peak RSS %,d KiB (start %,d KiB)%n",
                rssAfter - rssBefore, (rssAfter - rssBefore) / 1024.0, rssPeak, rssBefore);
        System.out.printf("arenas open after the executor closed: %,d%n", openAfterExecutor);
        System.out.printf("arenas open after %,d ms of GC: %,d%n", SETTLE_MILLIS, openAfterGc);
        System.out.printf("warnings logged by %s: %,d%n", LOGGER, warnings.get());
        System.out.printf("scopes whose memory changed under them: %,d%n", corrupted.get());
    }

    /** Counts WARNING records of the library's logger (System.Logger maps to java.util.logging) and mutes them. */
    private static AtomicLong countWarnings() {
        AtomicLong count = new AtomicLong();
        Logger logger = Logger.getLogger(LOGGER);
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    count.incrementAndGet();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        KEEP.add(logger);
        return count;
    }

    private static long statusKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("/proc/self/status has no " + field);
    }
}
