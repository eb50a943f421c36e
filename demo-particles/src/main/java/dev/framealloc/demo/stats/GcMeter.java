package dev.framealloc.demo.stats;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Garbage collections so far: the sum of every {@link GarbageCollectorMXBean}'s count. The beans are looked up
 * once into an array, so {@link #collections()} walks no iterator; whether the JVM's own
 * {@code getCollectionCount()} allocates is checked by a test.
 */
public final class GcMeter {
    private final GarbageCollectorMXBean[] collectors;

    /** Looks up the collector beans. */
    public GcMeter() {
        List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        this.collectors = beans.toArray(new GarbageCollectorMXBean[0]);
    }

    /** Collections by every collector so far (beans that report -1 count as 0). */
    public long collections() {
        long sum = 0;
        for (int i = 0; i < collectors.length; i++) {
            long count = collectors[i].getCollectionCount();
            if (count > 0) {
                sum += count;
            }
        }
        return sum;
    }
}
