package dev.framealloc.demo.overlay;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.FrameStatsHistory;
import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.SlabAllocator;

import static dev.framealloc.demo.overlay.QuadWriter.QUAD_BYTES;
import static dev.framealloc.demo.overlay.QuadWriter.rgba;
import static org.lwjgl.stb.STBEasyFont.nstb_easy_font_print;
import static org.lwjgl.system.MemoryUtil.memPutByte;
import static org.lwjgl.system.MemoryUtil.memPutInt;

/**
 * The live statistics panel in the top-left corner: frame time (last, average and max over the last second),
 * FPS, live particles, frame-arena used / capacity / peak bytes, allocations, growth events, slab live /
 * capacity, heap bytes the loop thread allocated in the last frame, GC count, the threads (walkers, render thread),
 * update, render and {@code beginFrame} wait times, each walker's worker-arena bytes, and a history graph of the
 * last 256 frames' arena bytes and frame times.
 * <p>
 * {@link #build} writes everything as quads in stb_easy_font's vertex format into memory allocated from the
 * current frame arena: the text characters, their colours and the vertices, so the overlay is itself transient
 * frame data. Numbers are written digit by digit ({@link TextLine}), never with {@code String} formatting, and the
 * text is printed with the address-based {@code nstb_easy_font_print}, so a frame allocates no heap memory.
 * <p>
 * Coordinates are overlay units: stb_easy_font's pixels, origin top-left, y down; the renderer scales them by
 * {@link #scale(int)}. Confined to the loop thread.
 */
public final class Overlay {
    /** Most quads one frame's overlay writes: sizes the index buffer. */
    public static final int MAX_QUADS = 8192;
    /** Most frame-arena bytes one frame's overlay allocates (vertices, text, colours, alignment). */
    public static final long MAX_ARENA_BYTES = (long) MAX_QUADS * QUAD_BYTES + 4096;

    private static final int LINE_CHARS = 64;
    private static final float MARGIN = 8f, PAD = 7f, LINE_HEIGHT = 10f, VALUE_X = 74f;
    private static final float GRAPH_WIDTH = FrameStatsHistory.CAPACITY, GRAPH_HEIGHT = 30f, GRAPH_GAP = 5f;
    private static final float REFERENCE_LINE = 0.6f;
    private static final double TARGET_FRAME_MS = 1000.0 / 60.0;
    private static final double MIN_GRAPH_MS = 2 * TARGET_FRAME_MS;
    private static final float REFERENCE_HEIGHT = 480f;
    private static final float MAX_SCALE = 4f;
    private static final int FIXED_QUADS = 1 + 2 + 1; // panel, two graph backgrounds, 60 FPS line

    // Colour table, written into the frame arena each frame (stb_easy_font reads RGBA bytes by pointer).
    private static final int LABEL = 0, VALUE = 1, TITLE = 2, GOOD = 3, BAD = 4, DIM = 5, COLOURS = 6;
    private static final int[] COLOUR_VALUES = {
            rgba(150, 165, 200, 255), rgba(240, 244, 255, 255), rgba(255, 190, 90, 255),
            rgba(110, 235, 140, 255), rgba(255, 95, 95, 255), rgba(120, 128, 150, 255)};
    private static final int PANEL_TOP = rgba(8, 10, 22, 215), PANEL_BOTTOM = rgba(14, 14, 34, 215);
    private static final int GRAPH_BACKGROUND = rgba(30, 34, 60, 170);
    private static final int ARENA_BAR_TOP = rgba(90, 210, 255, 235), ARENA_BAR_BOTTOM = rgba(40, 90, 200, 200);
    private static final int FAST_BAR = rgba(110, 235, 140, 230), SLOW_BAR = rgba(255, 200, 80, 235);
    private static final int VERY_SLOW_BAR = rgba(255, 95, 95, 240), BAR_BOTTOM = rgba(40, 60, 90, 160);
    private static final int REFERENCE_COLOUR = rgba(255, 255, 255, 110);

    private static final byte[] TITLE_TEXT = TextLine.ascii("framealloc");
    private static final byte[] SUBTITLE = TextLine.ascii("off-heap frame allocator demo");
    private static final byte[] L_FRAME = TextLine.ascii("frame time"), L_FPS = TextLine.ascii("fps");
    private static final byte[] L_PARTICLES = TextLine.ascii("particles"), L_ARENA = TextLine.ascii("frame arena");
    private static final byte[] L_CAPACITY = TextLine.ascii("arena cap"), L_ALLOCS = TextLine.ascii("allocations");
    private static final byte[] L_GROWTH = TextLine.ascii("growth"), L_SLAB = TextLine.ascii("slab");
    private static final byte[] L_HEAP = TextLine.ascii("heap alloc"), L_GC = TextLine.ascii("gc count");
    private static final byte[] L_UPLOAD = TextLine.ascii("upload"), L_GRAPH_ARENA = TextLine.ascii("arena bytes");
    private static final byte[] L_GRAPH_TIME = TextLine.ascii("frame time");
    private static final byte[] MS = TextLine.ascii(" ms"), AVG = TextLine.ascii("   avg "), MAX = TextLine.ascii("  max ");
    private static final byte[] LAST_SECOND = TextLine.ascii("  (last s)"), B = TextLine.ascii(" B");
    private static final byte[] LIVE = TextLine.ascii(" live"), RATE = TextLine.ascii("   spawn x");
    private static final byte[] PAUSED = TextLine.ascii("   PAUSED"), USED = TextLine.ascii(" B used (last frame)");
    private static final byte[] PEAK = TextLine.ascii(" B   peak "), THIS_FRAME = TextLine.ascii(" in last frame");
    private static final byte[] EVENTS = TextLine.ascii(" events"), SLOTS = TextLine.ascii(" slots");
    private static final byte[] SLASH = TextLine.ascii(" / "), HEAP_SUFFIX = TextLine.ascii(" B in last frame (loop thread)");
    private static final byte[] COLLECTIONS = TextLine.ascii(" collections");
    private static final byte[] LINE_60 = TextLine.ascii(" ms, line 16.7 ms"), MAX_PREFIX = TextLine.ascii("max ");
    private static final byte[] HELP_1 = TextLine.ascii("F1 overlay  Space pause  +/- spawn rate  Esc quit");
    private static final byte[] HELP_2 = TextLine.ascii("click: add emitter   R reset   F12 screenshot");
    private static final byte[] L_THREADS = TextLine.ascii("threads"), L_TIMES = TextLine.ascii("update");
    private static final byte[] L_WORKERS = TextLine.ascii("worker B");
    private static final byte[] WALKERS = TextLine.ascii(" walkers"), WALKER = TextLine.ascii(" walker");
    private static final byte[] WITH_RENDER = TextLine.ascii(" + render thread"), GL_ON_LOOP = TextLine.ascii(", GL on loop thread");
    private static final byte[] RENDER = TextLine.ascii(" ms  render "), WAIT = TextLine.ascii(" ms  beginFrame wait ");
    private static final byte[] MORE = TextLine.ascii(" ..."), W = TextLine.ascii("w"), SPACE = TextLine.ascii(" ");
    private static final byte[] GAP = TextLine.ascii("  ");
    /** Walkers whose bytes fit on the worker line. */
    private static final int WORKERS_SHOWN = 4;

    private static final int TEXT_LINES = 19;
    private final TextLine[] labels = new TextLine[TEXT_LINES];
    private final TextLine[] values = new TextLine[TEXT_LINES];
    private final int[] labelColour = new int[TEXT_LINES];
    private final int[] valueColour = new int[TEXT_LINES];
    private final float[] lineY = new float[TEXT_LINES];
    private int lineCount;

    private final FrameArenas frames;
    private final SlabAllocator slab;
    private final FrameTimes times;
    private final GlyphMetrics glyphs;
    private final byte[] uploadDescription;

    private boolean visible = true;
    private int walkers = 1;
    private boolean renderThread;
    private double updateMs, renderMs, waitMs;
    private long vertexAddress;
    private float panelRight, panelBottom, arenaGraphTop, timeGraphTop;

    /**
     * @param frames            the frame arenas whose statistics are shown (and whose arena {@link #build} uses)
     * @param slab              the particle slab
     * @param times             frame times, fed by the loop
     * @param uploadDescription the upload path, for example {@code "mapped, 2 frames in flight"}
     */
    public Overlay(FrameArenas frames, SlabAllocator slab, FrameTimes times, String uploadDescription) {
        this.frames = frames;
        this.slab = slab;
        this.times = times;
        this.glyphs = new GlyphMetrics();
        this.uploadDescription = TextLine.ascii(uploadDescription);
        for (int i = 0; i < TEXT_LINES; i++) {
            labels[i] = new TextLine(LINE_CHARS);
            values[i] = new TextLine(LINE_CHARS);
        }
    }

    /** Scale from overlay units to framebuffer pixels: 1.5 at 720 pixels high, at least 1. */
    public static float scale(int framebufferHeight) {
        return Math.clamp(framebufferHeight / REFERENCE_HEIGHT, 1f, MAX_SCALE);
    }

    /** Whether the overlay is drawn (F1 toggles it). */
    public boolean visible() {
        return visible;
    }

    /**
     * Sets the thread figures of the next {@link #build}: walkers (the loop thread included), whether a render
     * thread draws, and the last frame's update, render and {@code beginFrame} wait times. Walker {@code i}'s bytes
     * are the frame arenas' workers {@code i} and {@code walkers + i} (its vertices and its expired list).
     */
    public void setThreads(int walkers, boolean renderThread, double updateMs, double renderMs, double waitMs) {
        this.walkers = walkers;
        this.renderThread = renderThread;
        this.updateMs = updateMs;
        this.renderMs = renderMs;
        this.waitMs = waitMs;
    }

    /** Shows or hides the overlay. */
    public void setVisible(boolean visible) {
        this.visible = visible;
    }

    /**
     * Writes this frame's overlay into {@code arena}: text, colours and quads. Writes nothing when hidden.
     * Allocation-free on the heap.
     *
     * @param arena           the current frame arena
     * @param heapBytes       heap bytes the loop thread allocated in the last complete frame
     * @param gcCount         garbage collections so far
     * @param paused          whether the simulation is paused
     * @param spawnRateScale  the simulation's spawn rate scale
     * @return quads written; their vertices start at {@link #vertexAddress()}
     */
    public int build(MemoryArena arena, long heapBytes, long gcCount, boolean paused, float spawnRateScale) {
        vertexAddress = 0;
        if (!visible) {
            return 0;
        }
        FrameStatsHistory history = frames.history();
        long maxUsed = history.maxUsedBytes();
        double topMs = Math.max(MIN_GRAPH_MS, times.maxHeldMs());
        composeText(history, maxUsed, topMs, heapBytes, gcCount, paused, spawnRateScale);
        int arenaBars = history.size();
        int timeBars = times.size();
        int textQuads = 0;
        int textBytes = 0;
        float textWidth = GRAPH_WIDTH;
        for (int i = 0; i < lineCount; i++) {
            textQuads += glyphs.quads(labels[i]) + glyphs.quads(values[i]);
            textBytes += labels[i].length() + values[i].length() + 2;
            textWidth = Math.max(textWidth, Math.max(glyphs.width(labels[i]), VALUE_X + glyphs.width(values[i])));
        }
        panelRight = MARGIN + PAD + textWidth + PAD;
        int quads = Math.min(MAX_QUADS, FIXED_QUADS + arenaBars + timeBars + textQuads);
        long vertices = arena.allocateAddress((long) quads * QUAD_BYTES, QuadWriter.VERTEX_BYTES);
        long colours = arena.allocateAddress(COLOURS * 4L, 4);
        long text = arena.allocateAddress(textBytes, 1);
        for (int i = 0; i < COLOURS; i++) {
            memPutInt(colours + 4L * i, COLOUR_VALUES[i]);
        }
        long end = vertices + (long) quads * QUAD_BYTES;
        long out = QuadWriter.gradientRect(vertices, MARGIN, MARGIN, panelRight, panelBottom,
                PANEL_TOP, PANEL_BOTTOM);
        out = writeGraphs(out, history, maxUsed, topMs, arenaBars, timeBars);
        for (int i = 0; i < lineCount; i++) {
            out = print(out, end, text, MARGIN + PAD, lineY[i], labels[i], colours + 4L * labelColour[i]);
            text += labels[i].length() + 1;
            out = print(out, end, text, MARGIN + PAD + VALUE_X, lineY[i], values[i], colours + 4L * valueColour[i]);
            text += values[i].length() + 1;
        }
        vertexAddress = vertices;
        return (int) ((out - vertices) / QUAD_BYTES);
    }

    private long print(long out, long end, long text, float x, float y, TextLine line, long colour) {
        int n = line.length();
        if (n == 0) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            memPutByte(text + i, line.charAt(i));
        }
        memPutByte(text + n, (byte) 0);
        int quads = nstb_easy_font_print(x, y, text, colour, out, (int) (end - out));
        return out + (long) quads * QUAD_BYTES;
    }

    private void composeText(FrameStatsHistory history, long maxUsed, double topMs, long heapBytes, long gcCount,
                             boolean paused, float spawnRateScale) {
        int newest = history.size() - 1;
        long used = newest >= 0 ? history.usedBytes(newest) : 0;
        long allocations = newest >= 0 ? history.allocationCount(newest) : 0;
        float y = MARGIN + PAD;
        lineCount = 0;
        line(y, TITLE, DIM).append(TITLE_TEXT);
        values[lineCount - 1].append(SUBTITLE);
        y += LINE_HEIGHT + 3;
        line(y, LABEL, VALUE).append(L_FRAME);
        values[lineCount - 1].appendFixed(times.lastMs(), 2).append(MS).append(AVG).appendFixed(times.averageMs(), 2)
                .append(MAX).appendFixed(times.maxMs(), 2).append(LAST_SECOND);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_FPS);
        values[lineCount - 1].appendFixed(times.fps(), 1);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_PARTICLES);
        values[lineCount - 1].append(slab.liveCount()).append(LIVE).append(RATE).appendFixed(spawnRateScale, 2);
        if (paused) {
            values[lineCount - 1].append(PAUSED);
        }
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_ARENA);
        values[lineCount - 1].append(used).append(USED);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_CAPACITY);
        values[lineCount - 1].append(frames.capacityBytes()).append(PEAK).append(frames.peakBytes()).append(B);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_ALLOCS);
        values[lineCount - 1].append(allocations).append(THIS_FRAME);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_GROWTH);
        values[lineCount - 1].append(frames.growthCount()).append(EVENTS);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_SLAB);
        values[lineCount - 1].append(slab.liveCount()).append(SLASH).append(slab.capacity()).append(SLOTS);
        y += LINE_HEIGHT;
        line(y, LABEL, heapBytes == 0 ? GOOD : BAD).append(L_HEAP);
        values[lineCount - 1].append(heapBytes).append(HEAP_SUFFIX);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_GC);
        values[lineCount - 1].append(gcCount).append(COLLECTIONS);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_UPLOAD);
        values[lineCount - 1].append(uploadDescription);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_THREADS);
        values[lineCount - 1].append(walkers).append(walkers == 1 ? WALKER : WALKERS)
                .append(renderThread ? WITH_RENDER : GL_ON_LOOP);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_TIMES);
        values[lineCount - 1].appendFixed(updateMs, 2).append(RENDER).appendFixed(renderMs, 2).append(WAIT)
                .appendFixed(waitMs, 2).append(MS);
        y += LINE_HEIGHT;
        line(y, LABEL, VALUE).append(L_WORKERS);
        TextLine workerLine = values[lineCount - 1];
        int shown = Math.min(walkers, WORKERS_SHOWN);
        for (int w = 0; w < shown; w++) {
            long bytes = 0;
            if (newest >= 0 && walkers + w < history.workerCount()) {
                bytes = history.workerUsedBytes(newest, w) + history.workerUsedBytes(newest, walkers + w);
            }
            if (w > 0) {
                workerLine.append(GAP);
            }
            workerLine.append(W).append(w).append(SPACE).append(bytes);
        }
        if (walkers > shown) {
            workerLine.append(MORE);
        }
        y += LINE_HEIGHT + GRAPH_GAP;

        line(y, LABEL, DIM).append(L_GRAPH_ARENA);
        values[lineCount - 1].append(MAX_PREFIX).append(maxUsed).append(B);
        arenaGraphTop = y + LINE_HEIGHT;
        y = arenaGraphTop + GRAPH_HEIGHT + GRAPH_GAP;
        line(y, LABEL, DIM).append(L_GRAPH_TIME);
        values[lineCount - 1].append(MAX_PREFIX).appendFixed(topMs, 1).append(LINE_60);
        timeGraphTop = y + LINE_HEIGHT;
        y = timeGraphTop + GRAPH_HEIGHT + GRAPH_GAP;
        line(y, DIM, DIM).append(HELP_1);
        y += LINE_HEIGHT;
        line(y, DIM, DIM).append(HELP_2);
        y += LINE_HEIGHT;
        panelBottom = y + PAD - 3;
    }

    private TextLine line(float y, int labelColourIndex, int valueColourIndex) {
        int i = lineCount++;
        lineY[i] = y;
        labelColour[i] = labelColourIndex;
        valueColour[i] = valueColourIndex;
        values[i].clear();
        return labels[i].clear();
    }

    private long writeGraphs(long out, FrameStatsHistory history, long maxUsed, double topMs, int arenaBars,
                             int timeBars) {
        float x0 = MARGIN + PAD;
        float x1 = x0 + GRAPH_WIDTH;
        out = QuadWriter.rect(out, x0, arenaGraphTop, x1, arenaGraphTop + GRAPH_HEIGHT, GRAPH_BACKGROUND);
        out = QuadWriter.rect(out, x0, timeGraphTop, x1, timeGraphTop + GRAPH_HEIGHT, GRAPH_BACKGROUND);
        // Arena bytes per frame, newest at the right.
        double top = Math.max(1, maxUsed);
        float bottom = arenaGraphTop + GRAPH_HEIGHT;
        float x = x1 - arenaBars;
        for (int i = 0; i < arenaBars; i++, x++) {
            float h = (float) (history.usedBytes(i) / top * GRAPH_HEIGHT);
            out = QuadWriter.gradientRect(out, x, bottom - h, x + 1, bottom, ARENA_BAR_TOP, ARENA_BAR_BOTTOM);
        }
        // Frame time, coloured by how it compares with 60 FPS.
        bottom = timeGraphTop + GRAPH_HEIGHT;
        x = x1 - timeBars;
        for (int i = 0; i < timeBars; i++, x++) {
            float ms = times.ms(i);
            float h = (float) Math.min(GRAPH_HEIGHT, ms / topMs * GRAPH_HEIGHT);
            int colour = ms <= TARGET_FRAME_MS ? FAST_BAR : ms <= MIN_GRAPH_MS ? SLOW_BAR : VERY_SLOW_BAR;
            out = QuadWriter.gradientRect(out, x, bottom - h, x + 1, bottom, colour, BAR_BOTTOM);
        }
        float lineY60 = (float) (bottom - TARGET_FRAME_MS / topMs * GRAPH_HEIGHT);
        return QuadWriter.rect(out, x0, lineY60 - REFERENCE_LINE / 2, x1, lineY60 + REFERENCE_LINE / 2,
                REFERENCE_COLOUR);
    }

    /** Address of the first vertex written by the last {@link #build}; 0 when nothing was written. */
    public long vertexAddress() {
        return vertexAddress;
    }

    /** Text of line {@code i} of the last build: label, a tab, value (allocates; for tests). */
    String lineText(int i) {
        return labels[i] + "\t" + values[i];
    }

    /** Lines composed by the last build. */
    int lineCount() {
        return lineCount;
    }
}
