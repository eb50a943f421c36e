package dev.framealloc.demo.sim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The layout of one particle in its {@link dev.framealloc.memory.SlabAllocator} slot, and raw float access to it.
 * <p>
 * A slot is {@value #BYTES} bytes of native floats:
 * <pre>
 * offset  0 x          4 y           8 vx         12 vy        (world units, units/s; y up)
 * offset 16 r         20 g          24 b          28 a         (colour, 0..1, not premultiplied)
 * offset 32 size      36 age        40 lifetime   44 startSize (pixels, seconds, seconds, pixels)
 * offset 48 palette   52 drag       56 brightness 60 gravity   (palette index, 1/s, factor, factor of g)
 * </pre>
 * The first 8 bytes of a freed slot hold the slab's free-list link; every field is written on spawn.
 */
public final class ParticleSlot {
    /** Bytes per slot. */
    public static final int BYTES = 64;
    /** Byte offsets of the fields. */
    public static final int X = 0, Y = 4, VX = 8, VY = 12, R = 16, G = 20, B = 24, A = 28,
            SIZE = 32, AGE = 36, LIFETIME = 40, START_SIZE = 44, PALETTE = 48, DRAG = 52, BRIGHTNESS = 56, GRAVITY = 60;

    /** All of memory, for raw reads and writes at native addresses (the slab's and the frame arena's). */
    static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private ParticleSlot() {}

    /** Reads the float at {@code address}. */
    static float get(long address) {
        return MEMORY.get(FLOAT, address);
    }

    /** Writes {@code value} at {@code address}. */
    static void set(long address, float value) {
        MEMORY.set(FLOAT, address, value);
    }

    /** Writes the int {@code value} at {@code address} (native byte order). */
    static void setInt(long address, int value) {
        MEMORY.set(INT, address, value);
    }
}
