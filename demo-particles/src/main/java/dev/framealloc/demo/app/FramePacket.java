package dev.framealloc.demo.app;

import java.nio.file.Path;

/**
 * Everything the drawing of one frame needs from the loop thread: where each walker's particle vertices and the
 * overlay's quads are in the frame's arenas, the framebuffer size, and the screenshots asked for. One packet per
 * frame slot, filled by the loop thread; with a render thread, the render thread reads it while the loop thread
 * holds the frame for it, and the packet is reused only after the frame's hold is released.
 */
final class FramePacket {
    long frameNumber;
    int parts;
    final long[] partAddress;
    final int[] partVertices;
    long overlayAddress;
    int overlayQuads;
    int width;
    int height;
    boolean resized;
    /** F12's screenshot (announced), or null. */
    Path screenshot;
    /** {@code --screenshot} on the last frame, or null. */
    Path exitScreenshot;
    boolean last;

    FramePacket(int maxParts) {
        partAddress = new long[maxParts];
        partVertices = new int[maxParts];
    }
}
