package dev.framealloc.demo.stats;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes allocated by the calling thread, from {@code com.sun.management.ThreadMXBean}: read it before and
 * after a frame, the difference is the frame's garbage. The bean is looked up once; {@link #allocatedBytes()} is
 * allocation-free.
 */
public final class HeapMeter {
    private final com.sun.management.ThreadMXBean threads;

    /**
     * Looks up the thread bean and turns allocation accounting on.
     *
     * @throws UnsupportedOperationException if this JVM cannot measure per-thread allocation
     */
    public HeapMeter() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported()) {
            throw new UnsupportedOperationException("this JVM cannot measure per-thread heap allocation");
        }
        if (!bean.isThreadAllocatedMemoryEnabled()) {
            bean.setThreadAllocatedMemoryEnabled(true);
        }
        this.threads = bean;
    }

    /** Bytes the calling thread has allocated on the heap since it started (monotonic). Allocation-free. */
    public long allocatedBytes() {
        return threads.getCurrentThreadAllocatedBytes();
    }
}
