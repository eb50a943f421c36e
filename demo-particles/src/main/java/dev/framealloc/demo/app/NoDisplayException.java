package dev.framealloc.demo.app;

/**
 * No window can be opened: {@code DISPLAY} is unset, or GLFW cannot initialise or create a window with an OpenGL
 * 3.3+ core context. {@code DemoMain} turns it into one line that suggests {@code xvfb-run} or {@code --headless},
 * and exit code 1.
 */
public final class NoDisplayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason what failed, for example GLFW's error description
     */
    public NoDisplayException(String reason) {
        super(reason);
    }
}
