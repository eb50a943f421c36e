package dev.framealloc.demo.gl;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.lwjgl.opengl.GL11C.*;
import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memFree;

/**
 * Saves the back buffer as a PNG: {@code glReadPixels} before the swap, rows flipped (GL's origin is
 * bottom-left), written with {@code javax.imageio}. Allocates: called only on F12 and on exit.
 */
public final class Screenshot {
    private static final int RGB = 3;

    private Screenshot() {}

    /**
     * Reads the back buffer of a {@code width} x {@code height} framebuffer and writes it to {@code path} as PNG,
     * creating missing parent directories.
     *
     * @return the absolute path written
     * @throws IOException if the file cannot be written
     */
    public static Path save(int width, int height, Path path) throws IOException {
        BufferedImage image = capture(width, height);
        Path target = path.toAbsolutePath();
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", target.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
        return target;
    }

    /** Reads the back buffer into an RGB image, top row first. */
    public static BufferedImage capture(int width, int height) {
        ByteBuffer pixels = memAlloc(width * height * RGB);
        try {
            glReadBuffer(GL_BACK);
            glPixelStorei(GL_PACK_ALIGNMENT, 1);
            glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                int src = (height - 1 - y) * width * RGB;
                for (int x = 0; x < width; x++) {
                    int i = src + x * RGB;
                    row[x] = (pixels.get(i) & 0xFF) << 16 | (pixels.get(i + 1) & 0xFF) << 8 | (pixels.get(i + 2) & 0xFF);
                }
                image.setRGB(0, y, width, 1, row, 0, width);
            }
            return image;
        } finally {
            memFree(pixels);
        }
    }
}
