package dev.framealloc.demo.app;

import java.awt.image.BufferedImage;

/**
 * Measures a demo screenshot: how much of the scene outside the overlay corner is lit by particles, in how many
 * distinct hues, and, in the overlay corner, how many separate lines of text-like pixels there are (bands of rows
 * with text pixels in the label column, between empty rows: particles make blobs, text makes lines) and how many
 * rows hold a long horizontal run of the arena-bytes graph's blue (the 256 bars side by side; particles never
 * line up like that).
 */
record ScreenshotMetrics(int width, int height, double litShare, int hues, int textLines, int graphRows) {
    /** Brightest channel at or below this is background (the gradient peaks near 20). */
    static final int BACKGROUND_MAX = 40;
    /** Hue buckets of 30 degrees. */
    static final int HUE_BUCKETS = 12;
    /** A hue counts when at least this share of the saturated pixels falls in its bucket. */
    static final double HUE_MIN_SHARE = 0.02;

    /** The overlay corner: x below this share of the width... */
    static final double CORNER_WIDTH = 0.40;
    /** ...and y below this share of the height. */
    static final double CORNER_HEIGHT = 0.56;

    /** A row belongs to the graph when it holds a run of graph-blue pixels at least this share of the width. */
    static final double GRAPH_RUN_WIDTH = 0.15;
    /** Lines are counted in the overlay's label column: x below this share of the width. */
    static final double LABEL_COLUMN_WIDTH = 0.09;
    /** A row belongs to a text line when it holds at least this many text pixels... */
    static final int LINE_ROW_PIXELS = 6;
    /** ...and a line ends at a row with fewer than this many. */
    static final int GAP_ROW_PIXELS = 2;

    static ScreenshotMetrics of(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int cornerW = (int) (w * CORNER_WIDTH), cornerH = (int) (h * CORNER_HEIGHT);
        long lit = 0, scene = 0, saturated = 0;
        long[] hueCounts = new long[HUE_BUCKETS];
        int graphRows = 0;
        int graphRunMin = (int) (w * GRAPH_RUN_WIDTH);
        int[] textPerRow = new int[h];
        int labelColumnW = (int) (w * LABEL_COLUMN_WIDTH);
        float[] hsb = new float[3];
        for (int y = 0; y < h; y++) {
            int run = 0, longestRun = 0;
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xFF, g = rgb >> 8 & 0xFF, b = rgb & 0xFF;
                int max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
                boolean corner = x < cornerW && y < cornerH;
                if (corner) {
                    if (min >= 120 && max - min <= 110 && x < labelColumnW) {
                        textPerRow[y]++; // grey-blue labels and white values
                    }
                    if (b >= 150 && b - r >= 80) {
                        run++; // the blue arena-bytes bars
                        longestRun = Math.max(longestRun, run);
                    } else {
                        run = 0;
                    }
                    continue;
                }
                scene++;
                if (max > BACKGROUND_MAX) {
                    lit++;
                    java.awt.Color.RGBtoHSB(r, g, b, hsb);
                    if (hsb[1] >= 0.35f && hsb[2] >= 0.25f) {
                        saturated++;
                        hueCounts[Math.min(HUE_BUCKETS - 1, (int) (hsb[0] * HUE_BUCKETS))]++;
                    }
                }
            }
            if (longestRun >= graphRunMin) {
                graphRows++;
            }
        }
        int hues = 0;
        for (long count : hueCounts) {
            if (saturated > 0 && count >= HUE_MIN_SHARE * saturated) {
                hues++;
            }
        }
        int lines = 0;
        boolean inLine = false;
        for (int y = 0; y < cornerH; y++) {
            if (!inLine && textPerRow[y] >= LINE_ROW_PIXELS) {
                inLine = true;
                lines++;
            } else if (inLine && textPerRow[y] < GAP_ROW_PIXELS) {
                inLine = false;
            }
        }
        return new ScreenshotMetrics(w, h, scene == 0 ? 0 : (double) lit / scene, hues, lines, graphRows);
    }

    static ScreenshotMetrics of(java.nio.file.Path png) throws java.io.IOException {
        BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        if (image == null) {
            throw new java.io.IOException("not a readable image: " + png);
        }
        return of(image);
    }
}
