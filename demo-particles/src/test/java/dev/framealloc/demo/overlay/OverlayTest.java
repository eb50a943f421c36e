package dev.framealloc.demo.overlay;

import dev.framealloc.demo.HeapProbe;
import dev.framealloc.demo.sim.ParticleSimulation;
import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.SlabAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.system.MemoryUtil.memGetFloat;

/** The overlay without a window: stb_easy_font needs no GL context, so its geometry can be checked directly. */
class OverlayTest {
    private static final long FRAME_NANOS = 16_666_667L;
    private static final int FRAMES_PER_WINDOW = 1_000;
    private final FrameArenas frames = FrameArenas.create(2, 1 << 20);
    private final SlabAllocator slab = ParticleSimulation.createSlab(2_000, false);
    private final ParticleSimulation sim = new ParticleSimulation(slab, 7, 2_000, 1280, 720);
    private final FrameTimes times = new FrameTimes();
    private final Overlay overlay = new Overlay(frames, slab, times, "mapped, 2 frames in flight");
    private long now;

    @AfterEach
    void close() {
        frames.close();
        slab.close();
    }

    private int frame(long heapBytes) {
        MemoryArena arena = frames.beginFrame();
        sim.step(1f / 60);
        arena.allocateAddress((long) slab.liveCount() * 16, 16);
        int quads = overlay.build(arena, heapBytes, 3, false, 1f);
        now += FRAME_NANOS;
        times.record(FRAME_NANOS, now);
        return quads;
    }

    @Test
    void writesItsTextAndGraphQuadsIntoTheFrameArena() {
        for (int i = 0; i < 120; i++) {
            frame(0);
        }
        MemoryArena arena = frames.current();
        long marker = arena.allocateAddress(16, 16);
        long before = arena.usedBytes();
        int quads = overlay.build(arena, 0, 3, false, 1f);
        long overlayBytes = arena.usedBytes() - before;
        assertTrue(quads > 1000, "quads=" + quads);
        assertTrue(overlayBytes >= (long) quads * QuadWriter.QUAD_BYTES, "overlay bytes=" + overlayBytes);
        assertTrue(overlayBytes <= Overlay.MAX_ARENA_BYTES, "overlay bytes=" + overlayBytes);
        long first = overlay.vertexAddress();
        assertTrue(first >= marker + 16 && first + (long) quads * QuadWriter.QUAD_BYTES <= marker + 16 + overlayBytes,
                "the vertices lie in what the overlay allocated from the arena");
        // The first quad is the panel, anchored at the overlay's margin.
        assertEquals(8f, memGetFloat(first), 0f);
        assertEquals(8f, memGetFloat(first + 4), 0f);
    }

    @Test
    void showsTheFiguresAsDigits() {
        for (int i = 0; i < 90; i++) {
            frame(0);
        }
        frame(1_234_567);
        String text = allLines();
        assertTrue(text.contains("fps\t60.0"), text);
        assertTrue(text.contains("frame time\t16.67 ms"), text);
        assertTrue(text.contains("heap alloc\t1,234,567 B"), text);
        assertTrue(text.contains("gc count\t3 collections"), text);
        assertTrue(text.contains("particles\t" + grouped(slab.liveCount()) + " live"), text);
        assertTrue(text.contains("upload\tmapped, 2 frames in flight"), text);
    }

    @Test
    void buildsNothingWhenHidden() {
        frame(0);
        overlay.setVisible(false);
        MemoryArena arena = frames.beginFrame();
        assertEquals(0, overlay.build(arena, 0, 0, false, 1f));
        assertEquals(0, arena.usedBytes());
    }

    @Test
    @Tag("zero-garbage")
    void buildsWithoutAllocatingOnceWarm() {
        HeapProbe.assertZeroOnceWarm(FRAMES_PER_WINDOW + " frames with the overlay", FRAMES_PER_WINDOW, () -> {
            for (int i = 0; i < FRAMES_PER_WINDOW; i++) {
                frame(0);
            }
        }, 2);
    }

    private String allLines() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < overlay.lineCount(); i++) {
            text.append(overlay.lineText(i)).append('\n');
        }
        return text.toString();
    }

    private static String grouped(int n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
