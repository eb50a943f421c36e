package dev.framealloc.demo.gl;

import static org.lwjgl.glfw.GLFW.*;

/**
 * Input of the demo since the loop last looked: counters and flags set by {@link Window}'s GLFW callbacks, read
 * and cleared by the loop with {@link #clear()}. Primitive fields only, so neither side allocates.
 */
public final class Input {
    /** Largest number of clicks kept per frame; further clicks in the same frame are dropped. */
    public static final int MAX_CLICKS = 16;

    private boolean quit, togglePause, toggleOverlay, reset, screenshot;
    private int spawnSteps;
    private int clicks;
    private final double[] clickX = new double[MAX_CLICKS], clickY = new double[MAX_CLICKS];

    void key(int key, boolean repeat) {
        switch (key) {
            case GLFW_KEY_ESCAPE -> quit = true;
            case GLFW_KEY_SPACE -> togglePause ^= !repeat;
            case GLFW_KEY_F1 -> toggleOverlay ^= !repeat;
            case GLFW_KEY_R -> reset |= !repeat;
            case GLFW_KEY_F12 -> screenshot |= !repeat;
            case GLFW_KEY_EQUAL, GLFW_KEY_KP_ADD -> spawnSteps++;
            case GLFW_KEY_MINUS, GLFW_KEY_KP_SUBTRACT -> spawnSteps--;
            default -> { }
        }
    }

    void click(double x, double y) {
        if (clicks < MAX_CLICKS) {
            clickX[clicks] = x;
            clickY[clicks] = y;
            clicks++;
        }
    }

    /** Esc was pressed. */
    public boolean quit() {
        return quit;
    }

    /** Space was pressed an odd number of times. */
    public boolean togglePause() {
        return togglePause;
    }

    /** F1 was pressed an odd number of times. */
    public boolean toggleOverlay() {
        return toggleOverlay;
    }

    /** R was pressed. */
    public boolean reset() {
        return reset;
    }

    /** F12 was pressed. */
    public boolean screenshot() {
        return screenshot;
    }

    /** Net presses of + (positive) and - (negative), key repeat included. */
    public int spawnSteps() {
        return spawnSteps;
    }

    /** Left clicks received. */
    public int clicks() {
        return clicks;
    }

    /** Cursor x of click {@code i}, window coordinates. */
    public double clickX(int i) {
        return clickX[i];
    }

    /** Cursor y of click {@code i}, window coordinates (y down). */
    public double clickY(int i) {
        return clickY[i];
    }

    /** Forgets everything received so far; quit stays set. */
    public void clear() {
        togglePause = toggleOverlay = reset = screenshot = false;
        spawnSteps = 0;
        clicks = 0;
    }
}
