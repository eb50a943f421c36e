package dev.framealloc.benchmarks;

import dev.framealloc.benchmarks.iteration.ChurnedSlab;
import dev.framealloc.benchmarks.iteration.SlabWalks;
import dev.framealloc.memory.SlabAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Visiting every live particle of a {@link SlabAllocator} after {@value #CHURN_FRAMES} frames of churn
 * ({@link ChurnedSlab}): {@value #LIVE} live {@value ChurnedSlab#SLOT_BYTES}-byte slots, each read (2 floats) and
 * written (2 floats) once per walk. The contestants, all on the same particles:
 * <ul>
 * <li>{@code denseIndex}: {@code liveAddress(i)} over the dense live list, in the random order churn leaves;</li>
 * <li>{@code addressOrder}: the walk of {@code nextLive}/{@code slotAddress};</li>
 * <li>{@code wordOrder}: the same order a bitmap word (64 slots) at a time, {@code liveWord}/{@code wordAddress};</li>
 * <li>{@code sortedAddresses}: the same slots through a sorted {@code long[]} of their addresses, the floor for
 *     this layout;</li>
 * <li>{@code structureOfArrays}: the two floats in two packed {@code float[]}, the layout of EnTT and flecs.</li>
 * </ul>
 * The score is ns per live particle ({@code @OperationsPerInvocation}); times {@value #LIVE} / 10<sup>6</sup> it is
 * ms per walk. {@link dev.framealloc.benchmarks.iteration.SlabIterationRace} races the same walks interleaved in one
 * JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchmarkFlags.NATIVE_ACCESS, BenchmarkFlags.ADD_EXPORTS,
        BenchmarkFlags.ADD_EXPORTS_VALUE, BenchmarkFlags.JOML_NO_UNSAFE, BenchmarkFlags.LWJGL_SYSTEM_ALLOCATOR,
        BenchmarkFlags.HEAP_MIN, BenchmarkFlags.HEAP_MAX, BenchmarkFlags.QUIET_JMH_UNSAFE})
public class SlabIterationBenchmark {
    /** Live particles per walk. */
    public static final int LIVE = 1_000_000;
    /** Frames of churn before the walks. */
    public static final int CHURN_FRAMES = 600;
    /** Seed of the churn. */
    public static final long SEED = 42L;

    private ChurnedSlab churned;
    private SlabAllocator slab;
    private long[] addresses;
    private float[] x;
    private float[] vx;

    @Setup(Level.Trial)
    public void setUp() {
        churned = ChurnedSlab.create(LIVE, CHURN_FRAMES, SEED);
        slab = churned.slab();
        addresses = churned.sortedAddresses();
        x = churned.x();
        vx = churned.vx();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        churned.close();
    }

    /** The dense live list, in the order churn leaves it. */
    @Benchmark
    @OperationsPerInvocation(LIVE)
    public int denseIndex() {
        return SlabWalks.denseIndex(slab);
    }

    /** The address-order walk. */
    @Benchmark
    @OperationsPerInvocation(LIVE)
    public int addressOrder() {
        return SlabWalks.addressOrder(slab);
    }

    /** The word-at-a-time walk. */
    @Benchmark
    @OperationsPerInvocation(LIVE)
    public int wordOrder() {
        return SlabWalks.wordOrder(slab);
    }

    /** The sorted-address floor. */
    @Benchmark
    @OperationsPerInvocation(LIVE)
    public int sortedAddresses() {
        return SlabWalks.sortedAddresses(addresses);
    }

    /** Packed float arrays. */
    @Benchmark
    @OperationsPerInvocation(LIVE)
    public int structureOfArrays() {
        return SlabWalks.structureOfArrays(x, vx);
    }
}
