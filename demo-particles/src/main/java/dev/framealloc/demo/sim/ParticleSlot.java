package dev.framealloc.demo.sim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The layout of one particle in its {@link dev.framealloc.memory.SlabAllocator} slot, and raw access to it.
 * <p>
 * A slot is {@value #BYTES} bytes, two to a cache line, and every field is read and written by the walk each frame:
 * <pre>
 * offset  0 x         4 y          8 vx          12 vy      (world units, units/s; y up)
 * offset 16 age      20 lifeRate  24 startSize  28 style   (s, 1/lifetime in 1/s, pixels, int: see below)
 * </pre>
 * {@code style} is the particle's row in {@link ColourTable}: gradient, kind (fountain or burst, which also picks
 * drag and gravity) and brightness level. Colour, alpha and size are not stored: the walk derives them from
 * {@code age * lifeRate} and writes them straight into the vertex. Every field is written on spawn.
 */
public final class ParticleSlot {
    /** Bytes per slot. */
    public static final int BYTES = 32;
    /** Byte offsets of the fields. */
    public static final int X = 0, Y = 4, VX = 8, VY = 12, AGE = 16, LIFE_RATE = 20, START_SIZE = 24, STYLE = 28;

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

    /** Reads the int at {@code address} (native byte order). */
    static int getInt(long address) {
        return MEMORY.get(INT, address);
    }

    /** Writes the int {@code value} at {@code address} (native byte order). */
    static void setInt(long address, int value) {
        MEMORY.set(INT, address, value);
    }
}
