package dev.framealloc.demo.sim;

/**
 * Colour gradients over a particle's life, precomputed into a lookup table: a particle's colour is
 * {@code palette(p)} sampled at {@code age / lifetime}. Each gradient starts white-hot and cools into its own hue.
 */
final class Palettes {
    /** Entries per gradient in the table. */
    private static final int STEPS = 64;
    private static final float LAST_STEP = STEPS - 1;
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
    /** Number of gradients. */
    static final int COUNT = STOPS.length;

    private static final float[] TABLE = build();

    private Palettes() {}

    /** Index of the red of the table entry nearest {@code t}; {@code t} is clamped to [0, 1]. */
    static int index(int palette, float t) {
        int step = (int) (Math.min(Math.max(t, 0f), 1f) * LAST_STEP + 0.5f);
        return (palette * STEPS + step) * 3;
    }

    /** The table entry at {@code index} + channel (0 red, 1 green, 2 blue). */
    static float table(int index) {
        return TABLE[index];
    }

    private static float[] build() {
        float[] table = new float[COUNT * STEPS * 3];
        for (int p = 0; p < COUNT; p++) {
            float[] stops = STOPS[p];
            for (int s = 0; s < STEPS; s++) {
                float t = s / LAST_STEP;
                int k = 0;
                while (k < STOP_AT.length - 2 && t > STOP_AT[k + 1]) {
                    k++;
                }
                float f = (t - STOP_AT[k]) / (STOP_AT[k + 1] - STOP_AT[k]);
                float smooth = f * f * (3f - 2f * f);
                for (int c = 0; c < 3; c++) {
                    float from = stops[k * 3 + c];
                    float to = stops[(k + 1) * 3 + c];
                    table[(p * STEPS + s) * 3 + c] = from + (to - from) * smooth;
                }
            }
        }
        return table;
    }
}
