package dev.framealloc.memory.internal;

/**
 * Argument validation shared by the allocators. Every method throws {@link IllegalArgumentException} whose
 * message names the parameter and its value as {@code key=value}. Called on cold paths only: the hot paths
 * test their arguments inline and call {@link #badAllocation} to build the error.
 */
public final class Checks {
    private Checks() {}

    /** True if {@code value} is a positive power of two. */
    public static boolean isPowerOfTwo(long value) {
        return value > 0 && (value & (value - 1)) == 0;
    }

    /** Rounds {@code value} up to a multiple of {@code alignment}, a power of two. No overflow check. */
    public static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    public static long requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + "=" + value + " must be positive");
        }
        return value;
    }

    public static long requirePowerOfTwo(String name, long value) {
        if (!isPowerOfTwo(value)) {
            throw new IllegalArgumentException(name + "=" + value + " must be a positive power of two");
        }
        return value;
    }

    /**
     * Builds the exception for an allocation request whose size or alignment is invalid.
     * Returns (rather than throws) so callers can write {@code throw Checks.badAllocation(...)}.
     */
    public static IllegalArgumentException badAllocation(long byteSize, long byteAlignment) {
        if (byteSize < 0) {
            return new IllegalArgumentException("byteSize=" + byteSize + " is negative");
        }
        if (!isPowerOfTwo(byteAlignment)) {
            return new IllegalArgumentException("byteAlignment=" + byteAlignment + " must be a positive power of two");
        }
        if (byteSize > Long.MAX_VALUE - byteAlignment) {
            return new IllegalArgumentException(
                    "byteSize=" + byteSize + " plus byteAlignment=" + byteAlignment + " overflows a long");
        }
        return new IllegalArgumentException("byteSize=" + byteSize + " byteAlignment=" + byteAlignment + " rejected");
    }

    /** True if the request can never be satisfied because size plus alignment overflows. */
    public static boolean overflows(long byteSize, long byteAlignment) {
        return byteSize > Long.MAX_VALUE - byteAlignment;
    }

    public static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name=" + (name == null ? "null" : "\"" + name + "\"") + " must not be blank");
        }
        return name;
    }
}
