package dev.framealloc.demo.sim;

import dev.framealloc.memory.SlabAllocator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static dev.framealloc.demo.sim.ParticleSlot.AGE;
import static dev.framealloc.demo.sim.ParticleSlot.LIFE_RATE;
import static dev.framealloc.demo.sim.ParticleSlot.START_SIZE;
import static dev.framealloc.demo.sim.ParticleSlot.STYLE;
import static dev.framealloc.demo.sim.ParticleSlot.VX;
import static dev.framealloc.demo.sim.ParticleSlot.VY;
import static dev.framealloc.demo.sim.ParticleSlot.X;
import static dev.framealloc.demo.sim.ParticleSlot.Y;
import static dev.framealloc.demo.sim.ParticleSlot.get;
import static dev.framealloc.demo.sim.ParticleSlot.getInt;
import static dev.framealloc.demo.sim.ParticleSlot.set;
import static dev.framealloc.demo.sim.ParticleSlot.setInt;

/**
 * The particle system: fountains and bursts spawn particles into a {@link SlabAllocator}; each step moves them under
 * gravity and drag, bounces them off the ground, colours, fades and shrinks them along their life, writes their
 * vertices, and frees each one after its lifetime ends. There is real allocation churn every frame.
 *
 * <h2>Model</h2>
 * A particle is one slab slot laid out as {@link ParticleSlot} describes. Spawning runs at
 * {@code targetParticles * spawnRateScale / MEAN_LIFETIME} particles per second, shared equally by the emitters,
 * so the live count settles near {@code targetParticles * spawnRateScale} after one lifetime; it never exceeds
 * {@link #maxLiveCount()}. The world is {@code worldWidth x worldHeight} units, origin bottom-left, y up; speeds,
 * gravity and sizes scale with the world height, so the scene looks the same at any window size.
 * <p>
 * Every random choice comes from one xorshift generator seeded by the constructor, and only the emitters draw from
 * it: the same seed and the same sequence of {@code step} arguments give the same particles in the same slots.
 *
 * <h2>One pass per step</h2>
 * A step is two phases, which {@link #step(float, VertexMemory)} runs in order on one thread:
 * <ol>
 * <li>{@link #beginStep(float, ExpiredList[])}: free the particles whose lifetime ended in the previous step, then
 *     let the emitters
 *     spawn into the slots just freed (still in cache). Returns the exact vertex count of the step:
 *     {@link #liveCount()}.</li>
 * <li>{@link #walk(int, int, long, ExpiredList)}: visit the live particles in address order, a word of 64 slots
 *     at a time ({@code SlabAllocator.liveWord}),
 *     and for each one age, move and bounce it, then write its vertex while its slot is in cache. A particle whose
 *     lifetime ends in this step gets a transparent vertex and goes on the walker's {@link ExpiredList}, to be
 *     freed by the next {@code beginStep}: so the vertex count is known before the walk, and the live count after
 *     a step always equals the vertices it wrote.</li>
 * </ol>
 * {@code FrameStep} splits the walk into slot ranges over worker threads; the walk's result does not depend on the
 * split, and only {@code beginStep} (on the owner) draws random numbers, so a seed gives the same particles with
 * any number of threads.
 * The per-particle work is a few multiply-adds, a branch-free bounce and one load from a precomputed colour table
 * ({@link ColourTable}); no transcendental function runs per particle per frame. The walk reads no shared mutable
 * state besides the particles' own slots, so ranges of slots can be walked on different threads.
 *
 * <h2>Threads</h2>
 * Confined to the slab's owner thread, except {@link #walk}: see there.
 *
 * {@snippet :
 * try (SlabAllocator slab = ParticleSimulation.createSlab(20_000, false);
 *      FrameArenas frames = FrameArenas.create(2, 1 << 20)) {
 *     ParticleSimulation sim = new ParticleSimulation(slab, 42L, 20_000, 1280f, 720f);
 *     frames.beginFrame();
 *     int vertices = sim.step(1f / 60f,
 *             byteSize -> frames.current().allocateAddress(byteSize, ParticleVertices.ALIGNMENT));
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
    private static final float BURST_SPREAD_X = 0.12f, BURST_SPREAD_Y = 0.1f;
    /** A bounce keeps this share of the vertical speed; {@code BOUNCE_FRICTION} of the horizontal one. */
    private static final float BOUNCE = 0.35f, BOUNCE_FRICTION = 0.8f;

    // Looks.
    private static final int REFERENCE_PARTICLES = 20_000;
    private static final float REFERENCE_HEIGHT = 720f;
    private static final float FOUNTAIN_SIZE_MIN = 3f, FOUNTAIN_SIZE_MAX = 7f;
    private static final float BURST_SIZE_MIN = 2.5f, BURST_SIZE_MAX = 5.5f;
    /** A particle shrinks to {@code 1 - SHRINK} of its start size over its life. */
    static final float SHRINK = 0.7f;
    private static final float TWO_PI = 6.2831855f, HALF_PI = 1.5707964f;
    /** Burst directions: unit vectors at {@code DIRECTIONS} angles around the circle. */
    private static final int DIRECTIONS = 4096;
    private static final float[] DIRECTION_X = new float[DIRECTIONS], DIRECTION_Y = new float[DIRECTIONS];

    static {
        for (int i = 0; i < DIRECTIONS; i++) {
            double angle = (i + 0.5) * (2 * Math.PI / DIRECTIONS);
            DIRECTION_X[i] = (float) Math.cos(angle);
            DIRECTION_Y[i] = (float) Math.sin(angle);
        }
    }

    private final SlabAllocator slab;
    private final long seed;
    private final int targetParticles;
    private final int maxLiveCount;
    private final float sizeScale;
    private final Xorshift random;
    private final Emitters emitters = new Emitters();
    /** The expired particles of {@link #step(float, VertexMemory)}'s walk, freed by its next step. */
    private final ExpiredList ownExpired = new ExpiredList();
    private final ExpiredList[] ownExpiredLists = {ownExpired};
    /** The current step's seconds (0 for a step that only writes vertices) and its per-kind motion factors. */
    private float stepDt;
    private float dampFountain = 1f, dampBurst = 1f, fallFountain, fallBurst;
    private float worldWidth;
    private float worldHeight;
    private float spawnRateScale = 1f;
    private double time;
    /** Vertex memory of {@link #step(float)}, which discards the vertices; grows in warm-up only. */
    private Arena scratchArena;
    private MemorySegment scratch = MemorySegment.NULL;
    private final VertexMemory scratchMemory = this::scratch;

    /**
     * Creates a simulation with the default emitters (three fountains, two bursts) and no particles yet.
     *
     * @param slab            where particles live; slots of at least {@link ParticleSlot#BYTES} bytes, slabs of at
     *                        least {@code SlabAllocator.WORD_SLOTS} slots (for the word walk), owned by the
     *                        calling thread (see {@link #createSlab(int, boolean)})
     * @param seed            seed of every random choice
     * @param targetParticles live particles to aim for, {@code > 0}
     * @param worldWidth      world width, {@code > 0}, usually the framebuffer width in pixels
     * @param worldHeight     world height, {@code > 0}
     * @throws IllegalArgumentException if an argument is out of range or the slab's slots or slabs are too small
     */
    public ParticleSimulation(SlabAllocator slab, long seed, int targetParticles, float worldWidth, float worldHeight) {
        if (slab.slotSize() < ParticleSlot.BYTES) {
            throw new IllegalArgumentException("slab slotSize=" + slab.slotSize() + " is below the "
                    + ParticleSlot.BYTES + " bytes of a particle");
        }
        if (slab.slotsPerSlab() < SlabAllocator.WORD_SLOTS) {
            throw new IllegalArgumentException("slab slotsPerSlab=" + slab.slotsPerSlab() + " is below the "
                    + SlabAllocator.WORD_SLOTS + " slots of a bitmap word, which the walk visits at once");
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
        ownExpired.startOnHeap();
        emitters.layOutDefaults(worldWidth, worldHeight, random);
    }

    /**
     * A slab for a simulation of {@code targetParticles}: {@link ParticleSlot#BYTES}-byte slots aligned to their
     * size (two to a cache line), named "particles", with slabs for {@value #RESERVE_FACTOR} x
     * {@code targetParticles} reserved up front, so the live count's fluctuations at spawn rate scale 1 never grow
     * it (growing copies the slab's bookkeeping arrays on the heap).
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
        SlabAllocator slab = SlabAllocator.builder().name("particles").slotSize(ParticleSlot.BYTES)
                .alignment(ParticleSlot.BYTES).slotsPerSlab(slotsPerSlab).checked(checked).build();
        long reserve = (long) Math.ceil(targetParticles * (double) RESERVE_FACTOR);
        for (long i = 0; i < reserve; i++) {
            slab.allocate();
        }
        slab.reset();
        return slab;
    }

    // =================================================================================================================
    // Stepping
    // =================================================================================================================

    /**
     * One whole step on the calling thread: {@link #beginStep}, then {@code memory.allocate} for exactly the step's
     * vertices and {@link #walk} over every live particle, with a list of expired particles of the simulation's own
     * (on the heap). Allocates no heap memory once the slab and that list have reached their working size. Do not
     * mix with {@link #beginStep} calls that pass other lists.
     *
     * @param dt     seconds since the last step; above {@link #MAX_STEP} it is clamped, and {@code dt <= 0} (or
     *               NaN) changes nothing and only writes the vertices of the particles as they are
     * @param memory where the vertices go
     * @return vertices written, {@link #liveCount()} after the step
     */
    public int step(float dt, VertexMemory memory) {
        int vertices = beginStep(dt, ownExpiredLists);
        long address = memory.allocate(ParticleVertices.bytesFor(vertices));
        ownExpired.startOnHeap();
        return walk(0, slab.slotLimit(), address, ownExpired);
    }

    /**
     * {@link #step(float, VertexMemory)} into memory of the simulation's own, for tests and tools that want the
     * world to move and do not draw it. The memory grows to the largest step and is never freed before the
     * simulation is garbage.
     *
     * @param dt seconds since the last step, as {@link #step(float, VertexMemory)} takes it
     */
    public void step(float dt) {
        step(dt, scratchMemory);
    }

    private long scratch(long byteSize) {
        if (byteSize > scratch.byteSize()) {
            scratchArena = Arena.ofAuto();
            scratch = scratchArena.allocate(Math.max(byteSize, ParticleVertices.ALIGNMENT), ParticleVertices.ALIGNMENT);
        }
        return scratch.address();
    }

    /**
     * Begins a step: frees the particles whose lifetime ended in the previous step (the walks' lists), advances the
     * emitters and spawns their particles (into the slots just freed, while they are in cache). Spawns stop at
     * {@link #maxLiveCount()}. A new particle starts up to one step (bursts: a quarter second) into its flight, and
     * the walk of this step moves it on like every other.
     * <p>
     * Owner thread only, after every walk of the previous step has finished (joined).
     *
     * @param dt      seconds since the last step; above {@link #MAX_STEP} it is clamped, and {@code dt <= 0} (or NaN)
     *                makes a step that changes nothing: no frees, no spawns, and the walk writes the vertices of
     *                the particles as they are (and lists the expired ones again)
     * @param expired the lists the previous step's walks filled; each is freed (or, for {@code dt <= 0}, cleared)
     * @return the vertices this step writes: {@link #liveCount()}
     */
    public int beginStep(float dt, ExpiredList[] expired) {
        boolean frozen = !(dt > 0f);
        for (ExpiredList list : expired) {
            if (frozen) {
                list.clear();
            } else {
                list.freeAll(slab);
            }
        }
        if (frozen) {
            stepDt = 0f;
            dampFountain = dampBurst = 1f;
            fallFountain = fallBurst = 0f;
            return slab.liveCount();
        }
        float h = Math.min(dt, MAX_STEP);
        time += h;
        stepDt = h;
        float fall = GRAVITY_ACCEL * worldHeight * h;
        dampFountain = Math.max(0f, 1f - FOUNTAIN_DRAG * h);
        dampBurst = Math.max(0f, 1f - BURST_DRAG * h);
        fallFountain = fall;
        fallBurst = fall * BURST_GRAVITY;
        runEmitters(h, maxLiveCount - slab.liveCount());
        return slab.liveCount();
    }

    /** One past the highest slot {@link #walk} can visit: the slab's {@code slotLimit()}. */
    public int slotLimit() {
        return slab.slotLimit();
    }

    /**
     * Walks the live particles in slots {@code [fromSlot, toSlot)} in address order, a word of 64 slots at a time
     * ({@code SlabAllocator.liveWord} and {@code wordAddress}, each live slot found by its bit): ages, moves and bounces each
     * one and writes its vertex right after, at {@code vertices} onwards, one after the other. A particle whose
     * lifetime has ended gets a transparent vertex and goes on {@code expired}, for the next {@link #beginStep} to
     * free. Reads nothing but the range's slots and this step's constants, and writes nothing else.
     * <p>
     * <b>Threads:</b> after {@link #beginStep} and before the next one, on any thread that the owner handed the
     * step to (a start or unpark after {@code beginStep}, a join before the next); walks of disjoint ranges may run
     * at once. The result does not depend on how {@code [0, slotLimit())} is split.
     *
     * @param fromSlot first slot, {@code >= 0}; the range is empty when {@code fromSlot >= toSlot}
     * @param toSlot   one past the last slot, at most {@link #slotLimit()}
     * @param vertices where the first vertex goes; room for {@code slab().liveCount(fromSlot, toSlot)} vertices
     * @param expired  the walker's list, started on the walker's thread
     * @return vertices written: the live particles of the range
     * @throws IndexOutOfBoundsException if {@code fromSlot < 0} or {@code toSlot > slotLimit()}
     */
    public int walk(int fromSlot, int toSlot, long vertices, ExpiredList expired) {
        if (fromSlot < 0 || toSlot > slab.slotLimit()) {
            throw new IndexOutOfBoundsException("range [fromSlot=" + fromSlot + ", toSlot=" + toSlot
                    + ") not inside [0, slotLimit=" + slab.slotLimit() + "]");
        }
        if (fromSlot >= toSlot) {
            return 0;
        }
        final SlabAllocator slab = this.slab;
        final int[] colours = ColourTable.TABLE;
        final long size = slab.slotSize();
        final float dt = stepDt;
        final float damp0 = dampFountain, dampDelta = dampBurst - dampFountain;
        final float fall0 = fallFountain, fallDelta = fallBurst - fallFountain;
        final float bounceY = 1f + BOUNCE, bounceX = 1f - BOUNCE_FRICTION;
        final int first = fromSlot >>> 6, last = (toSlot - 1) >>> 6;
        long out = vertices;
        for (int w = first; w <= last; w++) {
            long bits = slab.liveWord(w);
            if (w == first) {
                bits &= -1L << fromSlot;   // the first word: slots >= fromSlot
            }
            if (w == last) {
                bits &= -1L >>> -toSlot;   // the last word: slots < toSlot (all when toSlot % 64 == 0)
            }
            if (bits == 0) {
                continue;
            }
            final long base = slab.wordAddress(w);
            do {
                int i = Long.numberOfTrailingZeros(bits);
                long p = base + i * size;
                float age = get(p + AGE) + dt;
                float t = age * get(p + LIFE_RATE);
                int style = getInt(p + STYLE);
                float burst = (style >>> ColourTable.KIND_SHIFT) & 1;
                float damp = damp0 + burst * dampDelta;
                float vx = get(p + VX) * damp;
                float vy = get(p + VY) * damp - (fall0 + burst * fallDelta);
                float x = get(p + X) + vx * dt;
                float y = get(p + Y) + vy * dt;
                // Bounce off the ground when below it and falling: the sign bits of y and vy, both set.
                float under = (Float.floatToRawIntBits(y) & Float.floatToRawIntBits(vy)) >>> 31;
                float flip = 1f - under * bounceY;
                y *= flip;
                vy *= flip;
                vx *= 1f - under * bounceX;
                set(p + X, x);
                set(p + Y, y);
                set(p + VX, vx);
                set(p + VY, vy);
                set(p + AGE, age);
                ParticleVertices.put(out, x, y, get(p + START_SIZE) * (1f - SHRINK * t),
                        colours[style * ColourTable.ROW + Math.min(ColourTable.LIFE_STEPS, (int) (t * ColourTable.LIFE_STEPS))]);
                if (t >= 1f) {
                    expired.add(slab.slotHandle((w << 6) + i));
                }
                out += ParticleVertices.VERTEX_BYTES;
                bits &= bits - 1;
            } while (bits != 0);
        }
        return (int) ((out - vertices) / ParticleVertices.VERTEX_BYTES);
    }

    /**
     * Advances the emitters by {@code dt} and spawns what they owe, at most {@code room} particles in total.
     * Bursts fire when their timer runs out, releasing what they saved up.
     */
    private void runEmitters(float dt, int room) {
        final Emitters e = emitters;
        int count = e.count();
        float perEmitter = targetParticles * spawnRateScale / MEAN_LIFETIME * dt / count;
        for (int i = 0; i < count; i++) {
            e.pending[i] += perEmitter;
            e.timer[i] -= dt;
            int n = 0;
            if (e.kind[i] == Emitters.FOUNTAIN) {
                float phase = e.phase[i] + FOUNTAIN_SWAY_SPEED * dt;
                e.phase[i] = phase > TWO_PI ? phase - TWO_PI : phase;
                if (e.timer[i] <= 0f) {
                    e.palette[i] = (e.palette[i] + 1) % ColourTable.PALETTES;
                    e.timer[i] += Emitters.fountainPaletteSeconds();
                }
                n = (int) e.pending[i];
            } else if (e.timer[i] <= 0f) {
                n = (int) e.pending[i];
                e.timer[i] = Emitters.nextBurstDelay(random);
            }
            e.pending[i] -= n;
            n = Math.min(n, room);
            room -= n;
            if (n > 0) {
                if (e.kind[i] == Emitters.FOUNTAIN) {
                    spawnFountain(i, n, dt);
                } else {
                    spawnBurst(i, n);
                }
            }
        }
    }

    private void spawnFountain(int emitter, int n, float dt) {
        final Emitters e = emitters;
        final float h = worldHeight;
        final float g = GRAVITY_ACCEL * h;
        final float aim = HALF_PI + FOUNTAIN_SWAY_RADIANS * (float) Math.sin(e.phase[emitter]);
        final float aimX = (float) Math.cos(aim), aimY = (float) Math.sin(aim);
        final float size = sizeScale * (h / REFERENCE_HEIGHT);
        final int palette = e.palette[emitter];
        for (int k = 0; k < n; k++) {
            // Turn the aim by a small angle d: sin and cos of |d| <= 0.13 from their series, good to 4e-7.
            float d = FOUNTAIN_SPREAD_RADIANS * (random.nextFloat() + random.nextFloat() - 1f);
            float d2 = d * d;
            float sin = d * (1f - d2 / 6f);
            float cos = 1f - d2 / 2f + d2 * d2 / 24f;
            float speed = (float) Math.sqrt(2f * g * h * random.range(FOUNTAIN_APEX_MIN, FOUNTAIN_APEX_MAX));
            float x = e.x[emitter] + FOUNTAIN_JITTER * h * (random.nextFloat() - 0.5f);
            spawn(x, e.y[emitter], speed * (aimX * cos - aimY * sin), speed * (aimY * cos + aimX * sin),
                    size * random.range(FOUNTAIN_SIZE_MIN, FOUNTAIN_SIZE_MAX), palette, Emitters.FOUNTAIN, dt);
        }
    }

    private void spawnBurst(int emitter, int n) {
        final Emitters e = emitters;
        final float h = worldHeight;
        final float cx = e.x[emitter] + BURST_SPREAD_X * worldWidth * (random.nextFloat() * 2f - 1f);
        final float cy = e.y[emitter] + BURST_SPREAD_Y * h * (random.nextFloat() * 2f - 1f);
        final int palette = random.nextInt(ColourTable.PALETTES);
        final float size = sizeScale * (h / REFERENCE_HEIGHT);
        for (int k = 0; k < n; k++) {
            int direction = random.nextInt(DIRECTIONS);
            float speed = BURST_SPEED * h * (BURST_SHELL + (1f - BURST_SHELL) * (float) Math.sqrt(random.nextFloat()));
            spawn(cx, cy, speed * DIRECTION_X[direction], speed * DIRECTION_Y[direction],
                    size * random.range(BURST_SIZE_MIN, BURST_SIZE_MAX), palette, Emitters.BURST, BURST_PRE_AGE);
        }
    }

    /**
     * Allocates and initialises one particle, already aged by a random part of {@code maxPreAge} seconds (moving it
     * along its velocity), so particles spawned together spread out instead of piling up on one spot.
     */
    private void spawn(float x, float y, float vx, float vy, float startSize, int palette, int kind,
                       float maxPreAge) {
        long p = slab.address(slab.allocate());
        float preAge = random.nextFloat() * maxPreAge;
        float lifeRate = 1f / random.range(LIFETIME_MIN, LIFETIME_MAX);
        int style = ColourTable.style(palette, kind, random.nextInt(ColourTable.LEVELS));
        set(p + X, x + vx * preAge);
        set(p + Y, y + vy * preAge);
        set(p + VX, vx);
        set(p + VY, vy);
        set(p + AGE, preAge);
        set(p + LIFE_RATE, lifeRate);
        set(p + START_SIZE, startSize);
        setInt(p + STYLE, style);
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
        ownExpired.startOnHeap();
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
