package dev.framealloc.demo.guide;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import org.joml.Matrix4f;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The guide's JOML section for JVMs started with {@code -Djoml.nounsafe=true}, as this module's tests are. The
 * {@code getToAddress} path needs JOML's Unsafe support and runs in {@link GlSnippets} instead.
 */
class JomlGuideTest {
    private final float[] matrixScratch = new float[16];

    @Test
    void copiesAMatrixIntoFrameMemoryWithoutUnsafe() {
        Matrix4f projection = new Matrix4f().perspective((float) Math.toRadians(60), 16f / 9f, 0.1f, 100f);
        Matrix4f view = new Matrix4f().lookAt(0, 2, 5, 0, 0, 0, 0, 1, 0);
        Matrix4f viewProjection = new Matrix4f();
        try (FrameArenas frames = FrameArenas.create(2, 64 * 1024)) {
            MemoryArena frame = frames.beginFrame();
            // tag::joml-nounsafe[]
            MemorySegment mvp = frame.allocate(JAVA_FLOAT, 16);
            projection.mul(view, viewProjection).get(matrixScratch);  // a float[16] kept in a field
            MemorySegment.copy(matrixScratch, 0, mvp, JAVA_FLOAT, 0, 16);
            // end::joml-nounsafe[]
            float[] expected = projection.mul(view, new Matrix4f()).get(new float[16]);
            for (int i = 0; i < 16; i++) {
                assertEquals(expected[i], mvp.getAtIndex(JAVA_FLOAT, i), "column-major element " + i);
            }
        }
    }

    @Test
    void getToAddressThrowsUnderJomlNoUnsafe() {
        assertEquals("true", System.getProperty("joml.nounsafe"), "this test needs the module's -Djoml.nounsafe=true");
        try (FrameArenas frames = FrameArenas.create(2, 64 * 1024)) {
            long address = frames.beginFrame().allocateAddress(64, 16);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> new Matrix4f().getToAddress(address));
            assertEquals("Not supported when using joml.nounsafe", e.getMessage());
        }
    }
}
