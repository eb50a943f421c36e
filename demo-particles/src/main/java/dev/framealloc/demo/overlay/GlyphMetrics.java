package dev.framealloc.demo.overlay;

import org.lwjgl.system.MemoryStack;

import java.nio.ByteBuffer;

import static org.lwjgl.stb.STBEasyFont.nstb_easy_font_print;
import static org.lwjgl.stb.STBEasyFont.nstb_easy_font_width;
import static org.lwjgl.system.MemoryUtil.memAddress;

/**
 * How many quads stb_easy_font emits for each printable ASCII character, and how far it advances, measured once
 * at start-up. With them the overlay allocates exactly the vertex bytes its text needs from the frame arena
 * before printing it, and sizes its panel to the widest line.
 */
public final class GlyphMetrics {
    private static final int FIRST = 32, LAST = 126;
    private static final int SCRATCH_QUADS = 64;
    private final byte[] quads = new byte[LAST + 1];
    private final byte[] advance = new byte[LAST + 1];

    /** Prints and measures every character once, in scratch memory. */
    public GlyphMetrics() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            ByteBuffer text = stack.malloc(2);
            ByteBuffer vertices = stack.malloc(SCRATCH_QUADS * QuadWriter.QUAD_BYTES);
            for (int c = FIRST; c <= LAST; c++) {
                text.put(0, (byte) c).put(1, (byte) 0);
                quads[c] = (byte) nstb_easy_font_print(0, 0, memAddress(text), 0L, memAddress(vertices),
                        vertices.capacity());
                advance[c] = (byte) nstb_easy_font_width(memAddress(text));
            }
        }
    }

    /** Quads of character {@code c}; 0 for characters stb_easy_font does not draw. */
    public int quads(byte c) {
        return c >= FIRST && c <= LAST ? quads[c] : 0;
    }

    /** Quads of a whole line. */
    public int quads(TextLine line) {
        int sum = 0;
        for (int i = 0, n = line.length(); i < n; i++) {
            sum += quads(line.charAt(i));
        }
        return sum;
    }

    /** Width of a line in stb_easy_font units (pixels at scale 1): the sum of its characters' advances. */
    public int width(TextLine line) {
        int sum = 0;
        for (int i = 0, n = line.length(); i < n; i++) {
            byte c = line.charAt(i);
            sum += c >= FIRST && c <= LAST ? advance[c] : 0;
        }
        return sum;
    }
}
