package dev.framealloc.demo.app;

import dev.framealloc.demo.gl.Renderer;
import dev.framealloc.demo.gl.UploadPath;
import dev.framealloc.demo.gl.Window;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The render thread's GL work: take the window's context, build the upload path and the renderer, then per frame
 * upload and draw the frame's {@link FramePacket}, swap, and wait until the GPU has read the frame's memory
 * ({@link UploadPath#awaitGpu()}); at the end delete the GL objects and let go of the context. All on the render
 * thread, after the loop thread has {@linkplain Window#releaseContext() released} the context.
 */
final class GlRenderWork implements RenderThread.Work {
    private final Window window;
    private final boolean vsync;
    private final Supplier<UploadPath> uploads;
    private final PrintStream out;
    private final int maxParts;
    private volatile UploadPath upload;
    private Renderer renderer;
    private FrameDrawer drawer;
    private FramePacket[] packets;

    GlRenderWork(Window window, boolean vsync, Supplier<UploadPath> uploads, PrintStream out, int maxParts) {
        this.window = window;
        this.vsync = vsync;
        this.uploads = uploads;
        this.out = out;
        this.maxParts = maxParts;
    }

    @Override
    public void setUp() {
        window.makeContextCurrent(vsync);
        UploadPath path = uploads.get();
        renderer = new Renderer(path);
        renderer.resize(window.framebufferWidth(), window.framebufferHeight());
        drawer = new FrameDrawer(window, path, renderer, out, maxParts);
        upload = path;
    }

    /** The upload path {@link #setUp()} built (read it after {@code RenderThread.awaitSetUp()}). */
    UploadPath upload() {
        return upload;
    }

    /** The packets the loop thread fills, one per frame slot; set before the first frame is submitted. */
    void packets(FramePacket[] packets) {
        this.packets = packets;
    }

    @Override
    public void draw(long frameNumber) {
        UploadPath path = upload;
        path.beginRender(frameNumber);
        drawer.draw(packets[(int) ((frameNumber - 1) % packets.length)]);
        path.awaitGpu();
    }

    @Override
    public void dispose() {
        try {
            if (renderer != null) {
                renderer.close();
            }
            if (upload != null) {
                upload.close();
            }
        } finally {
            window.releaseContext();
        }
    }
}
