package dev.framealloc.demo.guide;

import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.ScratchArena;
import org.junit.jupiter.api.Test;
import org.lwjgl.system.MemoryStack;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.stb.STBEasyFont.nstb_easy_font_print;
import static org.lwjgl.stb.STBEasyFont.stb_easy_font_print;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memAddress;
import static org.lwjgl.system.MemoryUtil.memByteBuffer;

/** The guide's "From MemoryStack" section: the same text quads built with MemoryStack and with a scratch scope. */
class MemoryStackGuideTest {
    /** stb_easy_font emits 4 vertices of 16 bytes per quad; 64 quads are plenty for a short line. */
    private static final int QUAD_BUFFER_BYTES = 64 * 4 * 16;

    /** Stands in for the game's HUD renderer: keeps a copy of the quads it was given. */
    private static final class Hud {
        byte[] vertices;
        int quads;

        void draw(long address, int quadCount) {
            quads = quadCount;
            vertices = new byte[quadCount * 4 * 16];
            memByteBuffer(address, vertices.length).get(vertices);
        }
    }

    @Test
    void aScratchScopeBuildsTheSameQuadsAsMemoryStack() {
        Hud hud = new Hud();
        // tag::memorystack-before[]
        try (MemoryStack stack = MemoryStack.stackPush()) {
            ByteBuffer text = stack.ASCII("score 1200");
            ByteBuffer quads = stack.malloc(QUAD_BUFFER_BYTES);
            int count = stb_easy_font_print(10, 10, text, null, quads);
            hud.draw(memAddress(quads), count);
        }
        // end::memorystack-before[]
        byte[] withStack = hud.vertices;
        int quadsWithStack = hud.quads;

        // tag::memorystack-after[]
        try (MemoryArena.Scope scope = ScratchArena.scope()) {
            MemorySegment text = scope.allocateFrom("score 1200");  // UTF-8, NUL-terminated
            long quads = scope.allocateAddress(QUAD_BUFFER_BYTES, 16);
            int count = nstb_easy_font_print(10, 10, text.address(), NULL, quads, QUAD_BUFFER_BYTES);
            hud.draw(quads, count);
        }
        // end::memorystack-after[]

        assertTrue(quadsWithStack > 10, "quads for 'score 1200': " + quadsWithStack);
        assertEquals(quadsWithStack, hud.quads);
        assertArrayEquals(withStack, hud.vertices);
        assertEquals(0, ScratchArena.arena().usedBytes(), "the scope released everything");
    }

    @Test
    void everyMemoryStackCallHasAScratchScopeEquivalent() {
        // tag::memorystack-equivalents[]
        try (MemoryArena.Scope scope = ScratchArena.scope()) {                // stackPush()
            MemorySegment floats = scope.allocate(JAVA_FLOAT, 16);            // mallocFloat(16)
            MemorySegment ints = scope.allocate(JAVA_INT, 16).fill((byte) 0); // callocInt(16)
            long raw = scope.allocateAddress(256, 64);                        // nmalloc(64, 256): size first!
            MemorySegment name = scope.allocateFrom("player");                // UTF8("player")
            MemorySegment pointers = scope.allocate(ADDRESS, 4);              // mallocPointer(4)
            long mark = scope.arena().mark();                                 // getPointer()
            long temp = scope.arena().allocateAddress(1024, 16);
            scope.arena().resetTo(mark);                                      // setPointer(...): temp is released
            // end::memorystack-equivalents[]
            assertEquals(64, floats.byteSize());
            assertEquals(0, floats.address() % JAVA_FLOAT.byteAlignment());
            for (int i = 0; i < 16; i++) {
                assertEquals(0, ints.getAtIndex(JAVA_INT, i));
            }
            assertEquals(0, raw % 64);
            assertArrayEquals("player\0".getBytes(StandardCharsets.UTF_8), name.toArray(JAVA_BYTE));
            assertEquals(4 * ADDRESS.byteSize(), pointers.byteSize());
            assertEquals(temp, scope.arena().allocateAddress(1024, 16), "resetTo(mark) gave temp's memory back");
            assertEquals(1, scope.arena().liveMarkCount(), "only the scope's own mark is left");
            // tag::memorystack-equivalents[]
        }                                                                     // pop()
        // end::memorystack-equivalents[]
        assertEquals(0, ScratchArena.arena().usedBytes());
    }

    @Test
    void memoryStackTakesTheAlignmentFirstAndTheArenaTheSizeFirst() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            long top = stack.getPointerAddress();
            long address = stack.nmalloc(4096, 16);
            assertEquals(0, address % 4096, "nmalloc's first argument is the alignment");
            assertTrue(top - address < 4096 + 16, "nmalloc's second argument is the size: it took " + (top - address));
        }
        try (MemoryArena.Scope scope = ScratchArena.scope()) {
            long before = scope.arena().usedBytes();
            long address = scope.allocateAddress(16, 4096);
            assertEquals(0, address % 4096, "allocateAddress's second argument is the alignment");
            assertTrue(scope.arena().usedBytes() - before < 4096 + 16);
        }
    }
}
