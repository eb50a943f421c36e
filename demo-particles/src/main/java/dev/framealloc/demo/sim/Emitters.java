package dev.framealloc.demo.sim;

/**
 * The emitters of a {@link ParticleSimulation}: a fixed table of fountains and bursts, kept in primitive arrays so
 * walking them allocates nothing.
 * <ul>
 * <li>A <b>fountain</b> sprays a swaying cone upwards every frame; it changes gradient every few seconds.</li>
 * <li>A <b>burst</b> saves up its share of the spawn rate and releases it at once, in a random gradient, near its
 * home every one to two seconds: fireworks.</li>
 * </ul>
 * Positions are world coordinates (origin bottom-left, y up). The first {@link #defaultCount()} emitters are the
 * default layout; emitters added later take the remaining slots, replacing the oldest added one when full.
 */
final class Emitters {
    /** Most emitters at once. */
    static final int MAX = 16;
    static final int FOUNTAIN = 0;
    static final int BURST = 1;
    /** Seconds between two gradient changes of a fountain. */
    private static final float FOUNTAIN_PALETTE_SECONDS = 6f;
    private static final float BURST_INTERVAL_MIN = 0.9f;
    private static final float BURST_INTERVAL_MAX = 1.8f;
    /** Clicks in the lowest share of the world add fountains, higher ones add bursts. */
    private static final float FOUNTAIN_ZONE = 0.4f;

    // Default layout, as fractions of the world: kind, x, y.
    private static final int[] DEFAULT_KIND = {FOUNTAIN, FOUNTAIN, FOUNTAIN, BURST, BURST};
    private static final float[] DEFAULT_X = {0.2f, 0.5f, 0.8f, 0.32f, 0.68f};
    private static final float[] DEFAULT_Y = {0.03f, 0.03f, 0.03f, 0.7f, 0.62f};

    final int[] kind = new int[MAX];
    final float[] x = new float[MAX];
    final float[] y = new float[MAX];
    final int[] palette = new int[MAX];
    /** Fountains: seconds until the next gradient; bursts: seconds until the next burst. */
    final float[] timer = new float[MAX];
    /** Sway phase of fountains, radians. */
    final float[] phase = new float[MAX];
    /** Particles owed to this emitter (fractional). */
    final float[] pending = new float[MAX];
    private int count;
    private int nextAdded;

    /** Number of emitters. */
    int count() {
        return count;
    }

    /** Number of emitters in the default layout. */
    int defaultCount() {
        return DEFAULT_KIND.length;
    }

    /** Replaces every emitter with the default layout for a world of {@code width} x {@code height}. */
    void layOutDefaults(float width, float height, Xorshift random) {
        count = 0;
        nextAdded = DEFAULT_KIND.length;
        for (int i = 0; i < DEFAULT_KIND.length; i++) {
            put(i, DEFAULT_KIND[i], DEFAULT_X[i] * width, DEFAULT_Y[i] * height, i % ColourTable.PALETTES, random);
        }
        count = DEFAULT_KIND.length;
    }

    /**
     * Adds an emitter at ({@code px}, {@code py}): a fountain near the ground, a burst (firing at once) higher up.
     * When the table is full the oldest added emitter is replaced; the default layout stays.
     */
    void add(float px, float py, float height, Xorshift random) {
        int slot = nextAdded;
        int k = py < FOUNTAIN_ZONE * height ? FOUNTAIN : BURST;
        put(slot, k, px, py, random.nextInt(ColourTable.PALETTES), random);
        if (k == BURST) {
            timer[slot] = 0f;
        }
        if (slot == count) {
            count++;
        }
        nextAdded = slot + 1 == MAX ? DEFAULT_KIND.length : slot + 1;
    }

    /** Moves every emitter with the world when it is resized. */
    void scale(float sx, float sy) {
        for (int i = 0; i < count; i++) {
            x[i] *= sx;
            y[i] *= sy;
        }
    }

    private void put(int i, int k, float px, float py, int p, Xorshift random) {
        kind[i] = k;
        x[i] = px;
        y[i] = py;
        palette[i] = p;
        phase[i] = random.range(0f, 6.2831855f);
        pending[i] = 0f;
        timer[i] = k == FOUNTAIN ? random.range(0.5f, 1f) * FOUNTAIN_PALETTE_SECONDS : nextBurstDelay(random);
    }

    /** Seconds until a burst fires again. */
    static float nextBurstDelay(Xorshift random) {
        return random.range(BURST_INTERVAL_MIN, BURST_INTERVAL_MAX);
    }

    /** Seconds a fountain keeps one gradient. */
    static float fountainPaletteSeconds() {
        return FOUNTAIN_PALETTE_SECONDS;
    }
}
