package dev.framealloc.demo.sim;

import dev.framealloc.memory.SlabAllocator;

import static dev.framealloc.demo.sim.ParticleSlot.A;
import static dev.framealloc.demo.sim.ParticleSlot.AGE;
import static dev.framealloc.demo.sim.ParticleSlot.B;
import static dev.framealloc.demo.sim.ParticleSlot.BRIGHTNESS;
import static dev.framealloc.demo.sim.ParticleSlot.DRAG;
import static dev.framealloc.demo.sim.ParticleSlot.G;
import static dev.framealloc.demo.sim.ParticleSlot.GRAVITY;
import static dev.framealloc.demo.sim.ParticleSlot.LIFETIME;
import static dev.framealloc.demo.sim.ParticleSlot.PALETTE;
import static dev.framealloc.demo.sim.ParticleSlot.R;
import static dev.framealloc.demo.sim.ParticleSlot.SIZE;
import static dev.framealloc.demo.sim.ParticleSlot.START_SIZE;
import static dev.framealloc.demo.sim.ParticleSlot.VX;
import static dev.framealloc.demo.sim.ParticleSlot.VY;
import static dev.framealloc.demo.sim.ParticleSlot.X;
import static dev.framealloc.demo.sim.ParticleSlot.Y;
import static dev.framealloc.demo.sim.ParticleSlot.get;
import static dev.framealloc.demo.sim.ParticleSlot.set;

/**
 * The particle system: fountains and bursts spawn particles into a {@link SlabAllocator}, {@link #step(float)}
 * moves them under gravity and drag, bounces them off the ground, colours them along their gradient, fades and
 * shrinks them, and frees each one when its lifetime ends. There is real allocation churn every frame.
 *
 * <h2>Model</h2>
 * A particle is one slab slot laid out as {@link ParticleSlot} describes. Spawning runs at
 * {@code targetParticles * spawnRateScale / MEAN_LIFETIME} particles per second, shared equally by the emitters,
 * so the live count settles near {@code targetParticles * spawnRateScale} after one lifetime; it never exceeds
 * {@link #maxLiveCount()}. The world is {@code worldWidth x worldHeight} units, origin bottom-left, y up; speeds,
 * gravity and sizes scale with the world height, so the scene looks the same at any window size.
 * <p>
 * Every random choice comes from one xorshift generator seeded by the constructor: the same seed and the same
 * sequence of {@code step} arguments give the same particles. {@link #step(float)} allocates no heap memory once the
 * slab has reached its working size.
 *
 * <h2>Threads</h2>
 * Confined to the slab's owner thread.
 *
 * {@snippet :
 * try (SlabAllocator slab = ParticleSimulation.createSlab(20_000, false)) {
 *     ParticleSimulation sim = new ParticleSimulation(slab, 42L, 20_000, 1280f, 720f);
 *     sim.step(1f / 60f);
 * }
 * }
 */
public final class ParticleSimulation {
    /** Lifetimes are uniform in [LIFETIME_MIN, LIFETIME_MAX] seconds. */
    public static final float LIFETIME_MIN = 1.5f;
    /** Longest lifetime, seconds. */
    public static final float LIFETIME_MAX = 3.5f;
    /** Mean lifetime, seconds: the live count is the spawn rate times this. */
    public static final float MEAN_LIFETIME = (LIFETIME_MIN + LIFETIME_MAX) / 2f;
    /** Range of {@link #setSpawnRateScale(float)}. */
    public static final float MIN_SPAWN_RATE_SCALE = 0.25f, MAX_SPAWN_RATE_SCALE = 2f;
    /** Longest step: a longer {@code dt} (a stall, a breakpoint) is clamped to this, seconds. */
    public static final float MAX_STEP = 0.1f;
    /** Headroom of {@link #maxLiveCount()} over the largest target, for bursts. */
    private static final float LIVE_HEADROOM = 1.25f;
    /** Slots reserved up front by {@link #createSlab}, as a multiple of the target. */
    static final float RESERVE_FACTOR = 1.3f;

    // Physics, in world heights per second (squared).
    private static final float GRAVITY_ACCEL = 0.9f;
    private static final float FOUNTAIN_APEX_MIN = 0.42f, FOUNTAIN_APEX_MAX = 0.8f;
    private static final float FOUNTAIN_SWAY_RADIANS = 0.22f, FOUNTAIN_SPREAD_RADIANS = 0.13f;
    private static final float FOUNTAIN_SWAY_SPEED = 1.3f;
    private static final float FOUNTAIN_DRAG = 0.08f;
    private static final float FOUNTAIN_JITTER = 0.004f;
    private static final float BURST_SPEED = 0.42f;
    private static final float BURST_DRAG = 1.1f, BURST_GRAVITY = 0.3f;
    /** A burst's particles start up to this many seconds into their flight: a disc, not a white-hot dot. */
    private static final float BURST_PRE_AGE = 0.25f;
    /** Slowest burst particle as a share of the fastest: most fly out as an expanding shell, like a firework. */
    private static final float BURST_SHELL = 0.45f;
    /** Bursts release thousands of particles at once; dimmer ones keep the additive blend from saturating. */
    private static final float BURST_BRIGHTNESS = 0.5f;
    private static final float BURST_SPREAD_X = 0.12f, BURST_SPREAD_Y = 0.1f;
    private static final float BOUNCE = 0.35f, BOUNCE_FRICTION = 0.8f;

    // Looks.
    private static final int REFERENCE_PARTICLES = 20_000;
    private static final float REFERENCE_HEIGHT = 720f;
    private static final float FOUNTAIN_SIZE_MIN = 3f, FOUNTAIN_SIZE_MAX = 7f;
    private static final float BURST_SIZE_MIN = 2.5f, BURST_SIZE_MAX = 5.5f;
    private static final float BRIGHTNESS_MIN = 0.75f, BRIGHTNESS_MAX = 1.15f;
    private static final float FADE_IN = 16f;
    private static final float SHRINK = 0.7f;
    private static final int MIN_DEAD_HANDLES = 1024;
    private static final int DEAD_HANDLES_DIVISOR = 32;
    private static final float TWO_PI = 6.2831855f, HALF_PI = 1.5707964f;

    private final SlabAllocator slab;
    private final long seed;
    private final int targetParticles;
    private final int maxLiveCount;
    private final float sizeScale;
    private final Xorshift random;
    private final Emitters emitters = new Emitters();
    private long[] deadHandles;
    private float worldWidth;
    private float worldHeight;
    private float spawnRateScale = 1f;
    private double time;

    /**
     * Creates a simulation with the default emitters (three fountains, two bursts) and no particles yet.
     *
     * @param slab            where particles live; slots of at least {@link ParticleSlot#BYTES} bytes, owned by the
     *                        calling thread (see {@link #createSlab(int, boolean)})
     * @param seed            seed of every random choice
     * @param targetParticles live particles to aim for, {@code > 0}
     * @param worldWidth      world width, {@code > 0}, usually the framebuffer width in pixels
     * @param worldHeight     world height, {@code > 0}
     * @throws IllegalArgumentException if an argument is out of range or the slab's slots are too small
     */
    public ParticleSimulation(SlabAllocator slab, long seed, int targetParticles, float worldWidth, float worldHeight) {
        if (slab.slotSize() < ParticleSlot.BYTES) {
            throw new IllegalArgumentException("slab slotSize=" + slab.slotSize() + " is below the "
                    + ParticleSlot.BYTES + " bytes of a particle");
        }
        if (targetParticles <= 0) {
            throw new IllegalArgumentException("targetParticles=" + targetParticles + " must be > 0");
        }
        checkWorld(worldWidth, worldHeight);
        this.slab = slab;
        this.seed = seed;
        this.targetParticles = targetParticles;
        this.maxLiveCount = (int) Math.min(SlabAllocator.MAX_SLOTS,
                (long) Math.ceil(targetParticles * (double) MAX_SPAWN_RATE_SCALE * LIVE_HEADROOM));
        this.sizeScale = (float) Math.clamp(Math.sqrt((double) REFERENCE_PARTICLES / targetParticles), 0.3, 1.6);
        this.worldWidth = worldWidth;
        this.worldHeight = worldHeight;
        this.random = new Xorshift(seed);
        // About 1/150 of the particles die per 1/60 s step; room for 1/32 means no growth in steady state.
        this.deadHandles = new long[Math.max(MIN_DEAD_HANDLES, targetParticles / DEAD_HANDLES_DIVISOR)];
        emitters.layOutDefaults(worldWidth, worldHeight, random);
    }

    /**
     * A slab for a simulation of {@code targetParticles}: {@link ParticleSlot#BYTES}-byte slots, named "particles",
     * with slabs for {@value #RESERVE_FACTOR} x {@code targetParticles} reserved up front, so the live count's
     * fluctuations at spawn rate scale 1 never grow it (growing copies the slab's bookkeeping arrays on the heap).
     *
     * @param targetParticles the simulation's target, {@code > 0}
     * @param checked         engine-memory's checked mode
     * @throws IllegalArgumentException if {@code targetParticles <= 0}
     */
    public static SlabAllocator createSlab(int targetParticles, boolean checked) {
        if (targetParticles <= 0) {
            throw new IllegalArgumentException("targetParticles=" + targetParticles + " must be > 0");
        }
        int slotsPerSlab = Math.clamp(Integer.highestOneBit(targetParticles / 8), 1024, 1 << 16);
        SlabAllocator slab = SlabAllocator.builder().name("particles").slotSize(ParticleSlot.BYTES).alignment(ParticleSlot.BYTES)
                .slotsPerSlab(slotsPerSlab).checked(checked).build();
        long reserve = (long) Math.ceil(targetParticles * (double) RESERVE_FACTOR);
        for (long i = 0; i < reserve; i++) {
            slab.allocate();
        }
        slab.reset();
        return slab;
    }

    /**
     * Advances the world by {@code dt} seconds: ages, moves and shades every particle, frees those whose lifetime
     * has ended, then lets the emitters spawn. {@code dt <= 0} (or NaN) leaves everything unchanged; a {@code dt}
     * above {@link #MAX_STEP} is clamped. Allocation-free once the slab has reached its working size.
     *
     * @param dt seconds since the last step
     */
    public void step(float dt) {
        if (!(dt > 0f)) {
            return;
        }
        float h = Math.min(dt, MAX_STEP);
        time += h;
        updateParticles(h);
        runEmitters(h);
    }

    /**
     * Ages, moves and shades every live particle, then frees the ones whose lifetime ended. Particles are walked in
     * batches: a first pass touches every particle of the batch (ageing it), so their cache misses overlap instead
     * of queueing one after another; the second pass does the work on cached memory. Frees wait until the walk is
     * done, because a free moves the last live slot into the freed position.
     */
    private void updateParticles(float dt) {
        final SlabAllocator slab = this.slab;
        final float gravity = GRAVITY_ACCEL * worldHeight * dt;
        final int live = slab.liveCount();
        int dead = 0;
        for (int start = 0; start < live; start += LiveBatch.SIZE) {
            int end = Math.min(start + LiveBatch.SIZE, live);
            for (int i = start; i < end; i++) {
                long p = slab.liveAddress(i);
                set(p + AGE, get(p + AGE) + dt);
            }
            for (int i = start; i < end; i++) {
                long p = slab.liveAddress(i);
                float age = get(p + AGE);
                float lifetime = get(p + LIFETIME);
                if (age >= lifetime) {
                    dead = markDead(dead, slab.liveHandle(i));
                    continue;
                }
                float damp = Math.max(0f, 1f - get(p + DRAG) * dt);
                float vx = get(p + VX) * damp;
                float vy = get(p + VY) * damp - gravity * get(p + GRAVITY);
                float x = get(p + X) + vx * dt;
                float y = get(p + Y) + vy * dt;
                if (y < 0f && vy < 0f) {
                    y = -y * BOUNCE;
                    vy = -vy * BOUNCE;
                    vx *= BOUNCE_FRICTION;
                }
                set(p + X, x);
                set(p + Y, y);
                set(p + VX, vx);
                set(p + VY, vy);
                shade(p, age / lifetime);
            }
        }
        final long[] handles = deadHandles;
        for (int k = 0; k < dead; k++) {
            slab.free(handles[k]);
        }
    }

    /** Remembers a handle to free after the walk; returns the new count. */
    private int markDead(int dead, long handle) {
        if (dead == deadHandles.length) {
            growDeadHandles();
        }
        deadHandles[dead] = handle;
        return dead + 1;
    }

    /** Warm-up only: the list of handles to free reaches the largest number of deaths in one step, then stays. */
    private void growDeadHandles() {
        deadHandles = java.util.Arrays.copyOf(deadHandles, deadHandles.length * 2);
    }

    /** Colour, alpha and size of the particle at {@code p} for life fraction {@code t} in [0, 1). */
    private static void shade(long p, float t) {
        int entry = Palettes.index((int) get(p + PALETTE), t);
        float brightness = get(p + BRIGHTNESS);
        float u = 1f - t;
        set(p + R, Palettes.table(entry) * brightness);
        set(p + G, Palettes.table(entry + 1) * brightness);
        set(p + B, Palettes.table(entry + 2) * brightness);
        set(p + A, Math.min(1f, t * FADE_IN) * u * u * (3f - 2f * u));
        set(p + SIZE, get(p + START_SIZE) * (1f - SHRINK * t));
    }

    private void runEmitters(float dt) {
        final Emitters e = emitters;
        int count = e.count();
        float perEmitter = targetParticles * spawnRateScale / MEAN_LIFETIME * dt / count;
        for (int i = 0; i < count; i++) {
            e.pending[i] += perEmitter;
            e.timer[i] -= dt;
            if (e.kind[i] == Emitters.FOUNTAIN) {
                float phase = e.phase[i] + FOUNTAIN_SWAY_SPEED * dt;
                e.phase[i] = phase > TWO_PI ? phase - TWO_PI : phase;
                if (e.timer[i] <= 0f) {
                    e.palette[i] = (e.palette[i] + 1) % Palettes.COUNT;
                    e.timer[i] += Emitters.fountainPaletteSeconds();
                }
                int n = (int) e.pending[i];
                e.pending[i] -= n;
                spawnFountain(i, n, dt);
            } else if (e.timer[i] <= 0f) {
                int n = (int) e.pending[i];
                e.pending[i] -= n;
                e.timer[i] = Emitters.nextBurstDelay(random);
                spawnBurst(i, n, dt);
            }
        }
    }

    private void spawnFountain(int emitter, int n, float dt) {
        final Emitters e = emitters;
        final float h = worldHeight;
        final float g = GRAVITY_ACCEL * h;
        final float aim = HALF_PI + FOUNTAIN_SWAY_RADIANS * (float) Math.sin(e.phase[emitter]);
        final float size = sizeScale * (h / REFERENCE_HEIGHT);
        for (int k = 0; k < n && slab.liveCount() < maxLiveCount; k++) {
            float angle = aim + FOUNTAIN_SPREAD_RADIANS * (random.nextFloat() + random.nextFloat() - 1f);
            float speed = (float) Math.sqrt(2f * g * h * random.range(FOUNTAIN_APEX_MIN, FOUNTAIN_APEX_MAX));
            float x = e.x[emitter] + FOUNTAIN_JITTER * h * (random.nextFloat() - 0.5f);
            spawn(x, e.y[emitter], speed * (float) Math.cos(angle), speed * (float) Math.sin(angle),
                    size * random.range(FOUNTAIN_SIZE_MIN, FOUNTAIN_SIZE_MAX), e.palette[emitter],
                    FOUNTAIN_DRAG, 1f, dt, 1f);
        }
    }

    private void spawnBurst(int emitter, int n, float dt) {
        final Emitters e = emitters;
        final float h = worldHeight;
        final float cx = e.x[emitter] + BURST_SPREAD_X * worldWidth * (random.nextFloat() * 2f - 1f);
        final float cy = e.y[emitter] + BURST_SPREAD_Y * h * (random.nextFloat() * 2f - 1f);
        final int palette = random.nextInt(Palettes.COUNT);
        final float size = sizeScale * (h / REFERENCE_HEIGHT);
        for (int k = 0; k < n && slab.liveCount() < maxLiveCount; k++) {
            float angle = random.nextFloat() * TWO_PI;
            float speed = BURST_SPEED * h * (BURST_SHELL + (1f - BURST_SHELL) * (float) Math.sqrt(random.nextFloat()));
            spawn(cx, cy, speed * (float) Math.cos(angle), speed * (float) Math.sin(angle),
                    size * random.range(BURST_SIZE_MIN, BURST_SIZE_MAX), palette, BURST_DRAG, BURST_GRAVITY,
                    BURST_PRE_AGE, BURST_BRIGHTNESS);
        }
    }

    /**
     * Allocates and initialises one particle, already aged by a random part of {@code maxPreAge} seconds (moving it
     * along its velocity), so particles spawned together spread out instead of piling up on one spot.
     */
    private void spawn(float x, float y, float vx, float vy, float startSize, int palette, float drag,
                       float gravityFactor, float maxPreAge, float brightnessScale) {
        long p = slab.address(slab.allocate());
        float preAge = random.nextFloat() * maxPreAge;
        float lifetime = random.range(LIFETIME_MIN, LIFETIME_MAX);
        set(p + X, x + vx * preAge);
        set(p + Y, y + vy * preAge);
        set(p + VX, vx);
        set(p + VY, vy);
        set(p + AGE, preAge);
        set(p + LIFETIME, lifetime);
        set(p + START_SIZE, startSize);
        set(p + PALETTE, palette);
        set(p + DRAG, drag);
        set(p + BRIGHTNESS, brightnessScale * random.range(BRIGHTNESS_MIN, BRIGHTNESS_MAX));
        set(p + GRAVITY, gravityFactor);
        shade(p, preAge / lifetime);
    }

    /**
     * Adds an emitter at world position ({@code x}, {@code y}): a fountain in the lower 40% of the world, otherwise a
     * burst that fires at once and then every one to two seconds. Up to 16 emitters; past that the oldest added one
     * is replaced. The total spawn rate stays the same (it is shared by more emitters).
     */
    public void addEmitter(float x, float y) {
        emitters.add(x, y, worldHeight, random);
    }

    /** Number of emitters, including the default five. */
    public int emitterCount() {
        return emitters.count();
    }

    /**
     * Scales the spawn rate, and so the live count, clamped to
     * [{@link #MIN_SPAWN_RATE_SCALE}, {@link #MAX_SPAWN_RATE_SCALE}].
     *
     * @throws IllegalArgumentException if {@code scale} is NaN
     */
    public void setSpawnRateScale(float scale) {
        if (Float.isNaN(scale)) {
            throw new IllegalArgumentException("spawnRateScale=NaN");
        }
        spawnRateScale = Math.clamp(scale, MIN_SPAWN_RATE_SCALE, MAX_SPAWN_RATE_SCALE);
    }

    /** The spawn rate scale, 1 at start. */
    public float spawnRateScale() {
        return spawnRateScale;
    }

    /**
     * Frees every particle, restores the default emitters and spawn rate, and restarts the random sequence of the
     * seed: a reset simulation replays exactly like a new one. The world size is kept.
     */
    public void reset() {
        slab.reset();
        random.reseed(seed);
        spawnRateScale = 1f;
        time = 0;
        emitters.layOutDefaults(worldWidth, worldHeight, random);
    }

    /**
     * Changes the world size (for example on a window resize); the emitters move with it.
     *
     * @throws IllegalArgumentException if a dimension is not {@code > 0}
     */
    public void resize(float width, float height) {
        checkWorld(width, height);
        emitters.scale(width / worldWidth, height / worldHeight);
        worldWidth = width;
        worldHeight = height;
    }

    /** Live particles: always equal to the slab's {@code liveCount()}. */
    public int liveCount() {
        return slab.liveCount();
    }

    /** The most particles ever live at once, whatever the spawn rate scale: size vertex buffers with it. */
    public int maxLiveCount() {
        return maxLiveCount;
    }

    /** The target live count at spawn rate scale 1. */
    public int targetParticles() {
        return targetParticles;
    }

    /** The slab the particles live in. */
    public SlabAllocator slab() {
        return slab;
    }

    /** The seed of this simulation's random choices. */
    public long seed() {
        return seed;
    }

    /** World width. */
    public float worldWidth() {
        return worldWidth;
    }

    /** World height. */
    public float worldHeight() {
        return worldHeight;
    }

    /** Simulated seconds since creation or the last reset. */
    public double time() {
        return time;
    }

    private static void checkWorld(float width, float height) {
        if (!(width > 0f) || !(height > 0f) || Float.isInfinite(width) || Float.isInfinite(height)) {
            throw new IllegalArgumentException("world size " + width + "x" + height + " must be positive and finite");
        }
    }
}
