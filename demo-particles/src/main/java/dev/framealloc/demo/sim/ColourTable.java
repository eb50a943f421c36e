package dev.framealloc.demo.sim;

import java.nio.ByteOrder;

/**
 * Every colour a particle can show, precomputed as packed RGBA8 vertex colours, so the walk does one table load
 * per particle instead of gradient, brightness, fade and packing arithmetic.
 * <p>
 * A particle's colour is its gradient sampled at its life fraction {@code t = age / lifetime}, times its
 * brightness, with an alpha that fades in over the first sixteenth of its life and out towards its end. The table
 * has one row per <em>style</em> ({@value #PALETTES} gradients x 2 kinds x {@value #LEVELS} brightness levels) and
 * {@value #LIFE_STEPS} life steps per row, plus one transparent entry for a particle past its lifetime. Each
 * gradient starts white-hot and cools into its own hue; bursts are half as bright as fountains, since thousands of
 * them land at once under an additive blend.
 * <p>
 * A style packs {@code palette << 4 | kind << 3 | level}, so the kind (which picks drag and gravity) is bit 3.
 */
final class ColourTable {
    /** Number of gradients. */
    static final int PALETTES = 6;
    /** Brightness levels per kind. */
    static final int LEVELS = 8;
    /** Life steps per row; entry {@code LIFE_STEPS} of a row is the transparent one. */
    static final int LIFE_STEPS = 256;
    /** Ints per row. */
    static final int ROW = LIFE_STEPS + 1;
    /** Bit of the kind in a style. */
    static final int KIND_SHIFT = 3;
    private static final int PALETTE_SHIFT = 4;
    private static final int KINDS = 2;

    /** Brightness of a fountain particle is uniform in [BRIGHTNESS_MIN, BRIGHTNESS_MAX]; a burst's is half that. */
    private static final float BRIGHTNESS_MIN = 0.75f, BRIGHTNESS_MAX = 1.15f;
    private static final float[] KIND_BRIGHTNESS = {1f, 0.5f};
    /** Alpha rises over the first 1/FADE_IN of life. */
    private static final float FADE_IN = 16f;
    private static final float BYTE_MAX = 255f;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** Positions of the stops along life (0 = birth, 1 = death). */
    private static final float[] STOP_AT = {0f, 0.12f, 0.38f, 0.7f, 1f};
    /** RGB stops per gradient, 5 stops each. */
    private static final float[][] STOPS = {
            // ember: white, gold, orange, red, deep wine
            {1f, 1f, 0.9f, 1f, 0.82f, 0.3f, 1f, 0.42f, 0.05f, 0.78f, 0.09f, 0.05f, 0.3f, 0.02f, 0.12f},
            // glacier: white, sky, azure, indigo, night
            {0.95f, 1f, 1f, 0.5f, 0.93f, 1f, 0.1f, 0.55f, 1f, 0.3f, 0.18f, 0.9f, 0.16f, 0.05f, 0.38f},
            // aurora: mint, green, teal, blue, violet
            {0.9f, 1f, 0.9f, 0.4f, 1f, 0.45f, 0.05f, 0.85f, 0.6f, 0.1f, 0.42f, 0.85f, 0.35f, 0.1f, 0.55f},
            // orchid: pearl, pink, magenta, purple, plum
            {1f, 0.95f, 1f, 1f, 0.55f, 0.85f, 0.92f, 0.18f, 0.7f, 0.5f, 0.1f, 0.82f, 0.18f, 0.05f, 0.42f},
            // solar: white, lemon, amber, coral, dusk
            {1f, 1f, 1f, 1f, 0.95f, 0.45f, 0.98f, 0.68f, 0.1f, 0.95f, 0.3f, 0.32f, 0.42f, 0.1f, 0.32f},
            // spectrum: red, yellow, green, cyan, violet
            {1f, 0.35f, 0.3f, 1f, 0.9f, 0.2f, 0.3f, 1f, 0.4f, 0.2f, 0.75f, 1f, 0.72f, 0.3f, 1f},
    };

    /** Packed colours: {@code TABLE[style * ROW + step]}. */
    static final int[] TABLE = build();

    private ColourTable() {}

    /** The style of a particle of {@code kind} ({@code Emitters.FOUNTAIN} or {@code BURST}) in {@code palette}. */
    static int style(int palette, int kind, int level) {
        return palette << PALETTE_SHIFT | kind << KIND_SHIFT | level;
    }

    /** The table index of {@code style} at life fraction {@code t >= 0}; {@code t >= 1} gives the transparent entry. */
    static int index(int style, float t) {
        return style * ROW + Math.min(LIFE_STEPS, (int) (t * LIFE_STEPS));
    }

    /** The packed colour of {@code style} at life fraction {@code t >= 0}. */
    static int colour(int style, float t) {
        return TABLE[index(style, t)];
    }

    /** Brightness of brightness {@code level} of {@code kind}. */
    static float brightness(int kind, int level) {
        return KIND_BRIGHTNESS[kind] * (BRIGHTNESS_MIN + (BRIGHTNESS_MAX - BRIGHTNESS_MIN) * (level + 0.5f) / LEVELS);
    }

    /** Alpha at life fraction {@code t} in [0, 1]: fade in over the first sixteenth, smooth fade out to 0 at the end. */
    static float alpha(float t) {
        float u = 1f - t;
        return Math.min(1f, t * FADE_IN) * u * u * (3f - 2f * u);
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue) of gradient {@code palette} at life fraction {@code t} in [0, 1]. */
    static float gradient(int palette, float t, int c) {
        int k = 0;
        while (k < STOP_AT.length - 2 && t > STOP_AT[k + 1]) {
            k++;
        }
        float f = (t - STOP_AT[k]) / (STOP_AT[k + 1] - STOP_AT[k]);
        float smooth = f * f * (3f - 2f * f);
        float from = STOPS[palette][k * 3 + c];
        float to = STOPS[palette][(k + 1) * 3 + c];
        return from + (to - from) * smooth;
    }

    /** Packs a colour (components clamped to [0, 1]) as RGBA8 with red in the lowest-addressed byte. */
    static int pack(float r, float g, float b, float a) {
        int packed = toByte(r) | toByte(g) << 8 | toByte(b) << 16 | toByte(a) << 24;
        return LITTLE_ENDIAN ? packed : Integer.reverseBytes(packed);
    }

    private static int toByte(float component) {
        return (int) (Math.clamp(component, 0f, 1f) * BYTE_MAX + 0.5f);
    }

    private static int[] build() {
        int[] table = new int[(PALETTES << PALETTE_SHIFT) * ROW];
        for (int palette = 0; palette < PALETTES; palette++) {
            for (int kind = 0; kind < KINDS; kind++) {
                for (int level = 0; level < LEVELS; level++) {
                    int row = style(palette, kind, level) * ROW;
                    float brightness = brightness(kind, level);
                    for (int step = 0; step < LIFE_STEPS; step++) {
                        float t = (step + 0.5f) / LIFE_STEPS; // the middle of the step
                        table[row + step] = pack(gradient(palette, t, 0) * brightness,
                                gradient(palette, t, 1) * brightness, gradient(palette, t, 2) * brightness, alpha(t));
                    }
                    table[row + LIFE_STEPS] = pack(gradient(palette, 1f, 0) * brightness,
                            gradient(palette, 1f, 1) * brightness, gradient(palette, 1f, 2) * brightness, 0f);
                }
            }
        }
        return table;
    }
}
