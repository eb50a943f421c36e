package dev.framealloc.demo.guide;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.lwjgl.system.MemoryUtil.memGetFloat;
import static org.lwjgl.system.MemoryUtil.memPutFloat;

/** The guide's "The frame loop" section, run for five frames against a stand-in game and renderer. */
class FrameLoopGuideTest {
    private static final int SPRITE_BYTES = 16; // x, y, size, colour index as floats

    /** A game that runs five frames with a growing number of sprites. */
    private static final class Game {
        private static final int FRAMES = 5;
        private int frame;

        boolean running() {
            return frame++ < FRAMES;
        }

        int spriteCount() {
            return 100 * frame;
        }

        float x(int i) {
            return i;
        }

        float y(int i) {
            return frame;
        }
    }

    /** A renderer that checks what it is given and remembers the addresses. */
    private static final class Renderer {
        final List<Long> addresses = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();

        void draw(long vertices, int count) {
            addresses.add(vertices);
            counts.add(count);
            float frame = memGetFloat(vertices + 4);
            for (int i = 0; i < count; i++) {
                long v = vertices + (long) i * SPRITE_BYTES;
                assertEquals(i, memGetFloat(v), "sprite " + i + " x");
                assertEquals(frame, memGetFloat(v + 4), "sprite " + i + " y");
            }
        }
    }

    @Test
    void runsTheLoopAndReusesFrameMemoryTwoFramesLater() {
        Game game = new Game();
        Renderer renderer = new Renderer();
        // tag::frame-loop[]
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).blockSize(1 << 20).build()) {
            while (game.running()) {
                MemoryArena frame = frames.beginFrame();        // O(1): frame F-2's memory comes back
                int count = game.spriteCount();
                long vertices = frame.allocateAddress((long) count * SPRITE_BYTES, 16);
                for (int i = 0; i < count; i++) {
                    long v = vertices + (long) i * SPRITE_BYTES;
                    memPutFloat(v, game.x(i));
                    memPutFloat(v + 4, game.y(i));
                }
                renderer.draw(vertices, count);                 // an n* call, e.g. nglBufferSubData
            }
        }
        // end::frame-loop[]
        assertEquals(List.of(100, 200, 300, 400, 500), renderer.counts);
        List<Long> a = renderer.addresses;
        assertEquals(a.get(0), a.get(2), "frame 3 reuses frame 1's memory");
        assertEquals(a.get(2), a.get(4), "frame 5 reuses frame 3's memory");
        assertEquals(a.get(1), a.get(3), "frame 4 reuses frame 2's memory");
        assertNotEquals(a.get(0), a.get(1), "frames 1 and 2 are in different arenas");
    }
}
