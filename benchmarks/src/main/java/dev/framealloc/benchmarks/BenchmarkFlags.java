package dev.framealloc.benchmarks;

/**
 * JVM arguments of every forked benchmark JVM, so all contestants run with the same flags.
 * <p>
 * The first four are the root pom's {@code ${jvm.native.flags}} (a test keeps them in sync): LWJGL 3.4 calls
 * native code through the FFM API, and on JDK 25 its default memory backend uses
 * {@code jdk.internal.misc.Unsafe}, which needs the export (without it LWJGL falls back to
 * {@code sun.misc.Unsafe} and the JVM warns). {@code org.lwjgl.system.allocator=system} makes
 * {@code MemoryUtil.nmemAlloc} the C library's {@code malloc} explicitly; it is also what LWJGL picks when
 * {@code lwjgl-jemalloc} is not on the class path, as here. The heap is fixed so that GC work, and the
 * direct-memory limit that {@code ByteBuffer.allocateDirect} runs into (it defaults to the heap size), is the same
 * in every fork.
 */
public final class BenchmarkFlags {
    /** Lets LWJGL and the JDK's FFM code call native functions without warnings. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** Lets LWJGL use its {@code jdk.internal.misc.Unsafe} memory backend on JDK 25. */
    public static final String ADD_EXPORTS = "--add-exports";
    /** The package exported by {@link #ADD_EXPORTS}. */
    public static final String ADD_EXPORTS_VALUE = "java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Keeps JOML (a demo dependency) off {@code sun.misc.Unsafe}. */
    public static final String JOML_NO_UNSAFE = "-Djoml.nounsafe=true";
    /** {@code nmemAlloc}/{@code nmemFree} are the C library's malloc/free. */
    public static final String LWJGL_SYSTEM_ALLOCATOR = "-Dorg.lwjgl.system.allocator=system";
    /** Initial heap, equal to the maximum. */
    public static final String HEAP_MIN = "-Xms1g";
    /** Maximum heap; also the default limit of direct {@code ByteBuffer} memory. */
    public static final String HEAP_MAX = "-Xmx1g";

    /**
     * Silences the JDK 24+ warning about JMH 1.37's own use of {@code sun.misc.Unsafe} (its field-offset
     * lookups); changes nothing else.
     */
    public static final String QUIET_JMH_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    private BenchmarkFlags() {}

    /** The flags in the order the {@code @Fork} annotations pass them. */
    public static String[] all() {
        return new String[] {NATIVE_ACCESS, ADD_EXPORTS, ADD_EXPORTS_VALUE, JOML_NO_UNSAFE, LWJGL_SYSTEM_ALLOCATOR,
                HEAP_MIN, HEAP_MAX, QUIET_JMH_UNSAFE};
    }
}
