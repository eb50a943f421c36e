package dev.framealloc.demo.app;

import dev.framealloc.demo.gl.Renderer;
import dev.framealloc.demo.gl.Screenshot;
import dev.framealloc.demo.gl.UploadPath;
import dev.framealloc.demo.gl.Window;
import dev.framealloc.demo.overlay.QuadWriter;
import dev.framealloc.demo.sim.ParticleVertices;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The GL side of a frame, on whichever thread has the context: upload the packet's vertex parts and overlay, draw
 * background, particles (one draw per walker's part) and overlay, end the frame for the upload path, take the
 * screenshots asked for, swap. Allocation-free except for screenshots.
 */
final class FrameDrawer {
    private final Window window;
    private final UploadPath upload;
    private final Renderer renderer;
    private final PrintStream out;
    private final int[] firsts;

    FrameDrawer(Window window, UploadPath upload, Renderer renderer, PrintStream out, int maxParts) {
        this.window = window;
        this.upload = upload;
        this.renderer = renderer;
        this.out = out;
        this.firsts = new int[maxParts];
    }

    /** Draws {@code p} and swaps; the frame must have begun for the upload path. */
    void draw(FramePacket p) {
        if (p.resized && p.width > 0 && p.height > 0) {
            renderer.resize(p.width, p.height);
        }
        for (int i = 0; i < p.parts; i++) {
            firsts[i] = upload.upload(UploadPath.PARTICLES, p.partAddress[i],
                    ParticleVertices.bytesFor(p.partVertices[i]), ParticleVertices.VERTEX_BYTES);
        }
        int overlayBase = p.overlayQuads == 0 ? 0 : upload.upload(UploadPath.OVERLAY, p.overlayAddress,
                (long) p.overlayQuads * QuadWriter.QUAD_BYTES, QuadWriter.VERTEX_BYTES);
        if (renderer.hasArea()) {
            renderer.drawBackground();
            for (int i = 0; i < p.parts; i++) {
                renderer.drawParticles(firsts[i], p.partVertices[i]);
            }
            renderer.drawOverlay(overlayBase, p.overlayQuads);
        }
        upload.endFrame();
        if (p.screenshot != null) {
            save(p.screenshot, true);
        }
        if (p.exitScreenshot != null) {
            save(p.exitScreenshot, false);
        }
        window.swapBuffers();
    }

    private void save(Path path, boolean announce) {
        try {
            Path written = Screenshot.save(renderer.width(), renderer.height(), path);
            if (announce) {
                out.println("screenshot: " + written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot " + path, e);
        }
    }
}
