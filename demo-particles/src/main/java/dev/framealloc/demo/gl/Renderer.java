package dev.framealloc.demo.gl;

import dev.framealloc.demo.overlay.Overlay;
import dev.framealloc.demo.overlay.QuadWriter;
import dev.framealloc.demo.sim.ParticleVertices;

import java.nio.IntBuffer;

import static org.lwjgl.opengl.GL33C.*;
import static org.lwjgl.system.MemoryUtil.memAllocInt;
import static org.lwjgl.system.MemoryUtil.memFree;

/**
 * Draws a frame: a dark gradient background, the particles as soft round point sprites blended additively, and
 * the overlay quads alpha-blended on top. Vertex data comes from the {@link UploadPath}'s buffers; this class
 * owns the shader programs (from {@code assets/shaders/}), the vertex arrays and the overlay's static quad index
 * buffer. Every per-frame call is a void GL call with primitive arguments: allocation-free.
 */
public final class Renderer implements AutoCloseable {
    /** Sprite diameter relative to a particle's size: the halo reaches past the core. */
    private static final float SPRITE_SCALE = 2.2f;

    private final ShaderProgram background = new ShaderProgram("background");
    private final ShaderProgram particles = new ShaderProgram("particle");
    private final ShaderProgram overlay = new ShaderProgram("overlay");
    private final int worldToClip = particles.uniform("uWorldToClip");
    private final int spriteScale = particles.uniform("uSpriteScale");
    private final int pixelToClip = overlay.uniform("uPixelToClip");
    private final int emptyVao, particleVao, overlayVao, quadIndices;
    private int width, height;

    /**
     * Compiles the shaders and sets up the vertex arrays over {@code upload}'s buffers.
     *
     * @throws IllegalStateException if a shader does not compile or link
     */
    public Renderer(UploadPath upload) {
        emptyVao = glGenVertexArrays();

        particleVao = glGenVertexArrays();
        glBindVertexArray(particleVao);
        glBindBuffer(GL_ARRAY_BUFFER, upload.buffer(UploadPath.PARTICLES));
        int stride = ParticleVertices.VERTEX_BYTES;
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, false, stride, ParticleVertices.POSITION_OFFSET);
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 1, GL_FLOAT, false, stride, ParticleVertices.SIZE_OFFSET);
        glEnableVertexAttribArray(2);
        glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, true, stride, ParticleVertices.COLOR_OFFSET);

        overlayVao = glGenVertexArrays();
        glBindVertexArray(overlayVao);
        glBindBuffer(GL_ARRAY_BUFFER, upload.buffer(UploadPath.OVERLAY));
        int overlayStride = QuadWriter.VERTEX_BYTES;
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 3, GL_FLOAT, false, overlayStride, 0);
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, true, overlayStride, 12);
        quadIndices = glGenBuffers();
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quadIndices);
        uploadQuadIndices(Overlay.MAX_QUADS);
        glBindVertexArray(0);
        glBindBuffer(GL_ARRAY_BUFFER, 0);

        particles.use();
        glUniform1f(spriteScale, SPRITE_SCALE);
        glEnable(GL_PROGRAM_POINT_SIZE);
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_CULL_FACE);
    }

    /** Indices 0,1,2, 0,2,3 per quad, for the quads stb_easy_font and {@link QuadWriter} write. */
    private static void uploadQuadIndices(int quads) {
        IntBuffer indices = memAllocInt(quads * QuadWriter.INDICES_PER_QUAD);
        try {
            for (int q = 0; q < quads; q++) {
                int v = q * QuadWriter.VERTICES_PER_QUAD;
                indices.put(v).put(v + 1).put(v + 2).put(v).put(v + 2).put(v + 3);
            }
            indices.flip();
            glBufferData(GL_ELEMENT_ARRAY_BUFFER, indices, GL_STATIC_DRAW);
        } finally {
            memFree(indices);
        }
    }

    /**
     * Sets the viewport and projections for a framebuffer of {@code width} x {@code height} pixels. World units
     * are framebuffer pixels with the origin bottom-left; overlay units are scaled by {@link Overlay#scale(int)}
     * from the top-left corner. No-op for a zero size (minimised window).
     */
    public void resize(int width, int height) {
        if (width <= 0 || height <= 0) {
            return;
        }
        this.width = width;
        this.height = height;
        glViewport(0, 0, width, height);
        particles.use();
        glUniform4f(worldToClip, 2f / width, 2f / height, -1f, -1f);
        float scale = Overlay.scale(height);
        overlay.use();
        glUniform4f(pixelToClip, 2f * scale / width, -2f * scale / height, -1f, 1f);
    }

    /** Whether there is anything to draw into (the window is not minimised). */
    public boolean hasArea() {
        return width > 0 && height > 0;
    }

    /** Fills the framebuffer with the background gradient. */
    public void drawBackground() {
        glDisable(GL_BLEND);
        background.use();
        glBindVertexArray(emptyVao);
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }

    /**
     * Draws {@code count} particles starting at vertex {@code first} of the particle buffer, blended additively.
     */
    public void drawParticles(int first, int count) {
        if (count <= 0) {
            return;
        }
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE);
        particles.use();
        glBindVertexArray(particleVao);
        glDrawArrays(GL_POINTS, first, count);
    }

    /**
     * Draws {@code quads} overlay quads whose first vertex is vertex {@code baseVertex} of the overlay buffer,
     * alpha-blended.
     */
    public void drawOverlay(int baseVertex, int quads) {
        if (quads <= 0) {
            return;
        }
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        overlay.use();
        glBindVertexArray(overlayVao);
        glDrawElementsBaseVertex(GL_TRIANGLES, quads * QuadWriter.INDICES_PER_QUAD, GL_UNSIGNED_INT, 0L, baseVertex);
    }

    /** Framebuffer width set by the last {@link #resize}. */
    public int width() {
        return width;
    }

    /** Framebuffer height set by the last {@link #resize}. */
    public int height() {
        return height;
    }

    @Override
    public void close() {
        glBindVertexArray(0);
        glDeleteVertexArrays(emptyVao);
        glDeleteVertexArrays(particleVao);
        glDeleteVertexArrays(overlayVao);
        glDeleteBuffers(quadIndices);
        background.close();
        particles.close();
        overlay.close();
    }
}
