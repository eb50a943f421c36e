package dev.framealloc.benchmarks.workers;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;

/**
 * The contestants of the worker-allocation comparison, shared by the JMH benchmark and the interleaved race. Each
 * owns a {@link FrameArenas} with 2 frames and 1 worker, built on the calling thread; a batch is one frame:
 * {@code beginFrame()} (which resets the main and the worker arena of two frames ago), then {@link #BATCH}
 * allocations of {@link #SIZE} bytes at alignment {@link #ALIGNMENT}. Only where the allocations go differs.
 */
public enum WorkerAllocation {
    /** The frame's main arena ({@code beginFrame()}'s result). */
    MAIN("main arena") {
        @Override
        long allocations(FrameArenas frames, MemoryArena main) {
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += main.allocateAddress(SIZE, ALIGNMENT);
            }
            return sum;
        }
    },
    /** Worker 0's arena, taken once per frame with {@code worker(0)} (the claim is part of the cost). */
    WORKER("worker arena") {
        @Override
        long allocations(FrameArenas frames, MemoryArena main) {
            MemoryArena worker = frames.worker(0);
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += worker.allocateAddress(SIZE, ALIGNMENT);
            }
            return sum;
        }
    },
    /** Worker 0's arena looked up with {@code worker(0)} before every allocation (informative). */
    WORKER_LOOKUP_EACH("worker(0) per allocation") {
        @Override
        long allocations(FrameArenas frames, MemoryArena main) {
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += frames.worker(0).allocateAddress(SIZE, ALIGNMENT);
            }
            return sum;
        }
    };

    /** Allocations per frame. */
    public static final int BATCH = 1024;
    /** Bytes per allocation. */
    public static final long SIZE = 64;
    /** Alignment of every allocation. */
    public static final long ALIGNMENT = 16;
    /** Block size of every arena: a frame's allocations fit, so nothing grows. */
    public static final long BLOCK_BYTES = BATCH * (SIZE + ALIGNMENT) + 4096;

    private final String label;

    WorkerAllocation(String label) {
        this.label = label;
    }

    /** The name printed in tables. */
    public String label() {
        return label;
    }

    /** Frame arenas for this contestant, owned by the calling thread. */
    public FrameArenas newFrames() {
        return FrameArenas.builder().name("bench-" + name().toLowerCase(java.util.Locale.ROOT)).frameCount(2)
                .workers(1).blockSize(BLOCK_BYTES).checked(false).build();
    }

    /** One frame: {@code beginFrame()} and {@link #BATCH} allocations; returns the sum of their addresses. */
    public long frame(FrameArenas frames) {
        return allocations(frames, frames.beginFrame());
    }

    abstract long allocations(FrameArenas frames, MemoryArena main);
}
