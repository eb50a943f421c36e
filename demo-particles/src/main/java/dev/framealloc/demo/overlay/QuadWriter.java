package dev.framealloc.demo.overlay;

import static org.lwjgl.system.MemoryUtil.memPutFloat;
import static org.lwjgl.system.MemoryUtil.memPutInt;

/**
 * Writes axis-aligned rectangles as quads in stb_easy_font's vertex format, so text and shapes share one
 * vertex stream and one index buffer: 4 vertices of {@value #VERTEX_BYTES} bytes (float x, y, z; RGBA8 colour),
 * {@value #QUAD_BYTES} bytes per quad. Raw native writes; allocation-free.
 */
public final class QuadWriter {
    /** Bytes per overlay vertex: the stb_easy_font layout. */
    public static final int VERTEX_BYTES = 16;
    /** Vertices per quad. */
    public static final int VERTICES_PER_QUAD = 4;
    /** Bytes per quad. */
    public static final int QUAD_BYTES = VERTEX_BYTES * VERTICES_PER_QUAD;
    /** Indices per quad when drawn as two triangles. */
    public static final int INDICES_PER_QUAD = 6;

    private QuadWriter() {}

    /**
     * Writes one rectangle at {@code address}.
     *
     * @param rgba colour packed as in {@link #rgba(int, int, int, int)}
     * @return the address after the quad
     */
    public static long rect(long address, float x0, float y0, float x1, float y1, int rgba) {
        vertex(address, x0, y0, rgba);
        vertex(address + VERTEX_BYTES, x1, y0, rgba);
        vertex(address + 2 * VERTEX_BYTES, x1, y1, rgba);
        vertex(address + 3 * VERTEX_BYTES, x0, y1, rgba);
        return address + QUAD_BYTES;
    }

    /**
     * Writes a rectangle whose top edge has colour {@code topRgba} and bottom edge {@code bottomRgba} (a vertical
     * gradient).
     *
     * @return the address after the quad
     */
    public static long gradientRect(long address, float x0, float y0, float x1, float y1, int topRgba, int bottomRgba) {
        vertex(address, x0, y0, topRgba);
        vertex(address + VERTEX_BYTES, x1, y0, topRgba);
        vertex(address + 2 * VERTEX_BYTES, x1, y1, bottomRgba);
        vertex(address + 3 * VERTEX_BYTES, x0, y1, bottomRgba);
        return address + QUAD_BYTES;
    }

    private static void vertex(long address, float x, float y, int rgba) {
        memPutFloat(address, x);
        memPutFloat(address + 4, y);
        memPutFloat(address + 8, 0f);
        memPutInt(address + 12, rgba);
    }

    /** Packs a colour so that its bytes are R, G, B, A in memory order (components 0-255). */
    public static int rgba(int r, int g, int b, int a) {
        int packed = (r & 0xFF) | (g & 0xFF) << 8 | (b & 0xFF) << 16 | (a & 0xFF) << 24;
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? packed : Integer.reverseBytes(packed);
    }
}
