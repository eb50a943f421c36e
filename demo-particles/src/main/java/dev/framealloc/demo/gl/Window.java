package dev.framealloc.demo.gl;

import dev.framealloc.demo.app.NoDisplayException;
import org.lwjgl.glfw.Callbacks;
import org.lwjgl.glfw.GLFWCursorPosCallbackI;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.glfw.GLFWErrorCallbackI;
import org.lwjgl.glfw.GLFWFramebufferSizeCallbackI;
import org.lwjgl.glfw.GLFWKeyCallbackI;
import org.lwjgl.glfw.GLFWMouseButtonCallbackI;
import org.lwjgl.glfw.GLFWWindowCloseCallbackI;
import org.lwjgl.glfw.GLFWWindowSizeCallbackI;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryStack;

import java.nio.IntBuffer;

import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memUTF8Safe;

/**
 * The GLFW window and its OpenGL core context (4.5 preferred, 3.3 as fallback).
 * <p>
 * Everything the frame loop reads is a plain field set by a GLFW callback during {@link #pollEvents()}: close
 * requests, framebuffer size, cursor position, and the keys and clicks of the frame, counted in {@link Input}.
 * The loop never calls value-returning GLFW functions such as {@code glfwWindowShouldClose} or
 * {@code glfwGetTime}, which allocate 40 heap bytes per call under JDK 25's FFM-based LWJGL.
 * Confined to the thread that created it (GLFW's main thread), except {@link #makeContextCurrent} and
 * {@link #swapBuffers()}, which a render thread calls once the main thread has {@linkplain #releaseContext released}
 * the context.
 */
public final class Window implements AutoCloseable {
    /** Default window size, in screen coordinates. */
    public static final int DEFAULT_WIDTH = 1280, DEFAULT_HEIGHT = 720;
    private static final int[][] CONTEXT_VERSIONS = {{4, 5}, {3, 3}};
    /** Calls of each loop-time GLFW function before the loop: above the JDK's method handle customization threshold. */
    private static final int LOOP_CALL_WARM_UP = 160;

    private final long handle;
    private final Input input = new Input();
    private final int glMajor, glMinor;
    private volatile String lastGlfwError = "no error reported";

    private boolean closeRequested;
    private int framebufferWidth, framebufferHeight;
    private int windowWidth, windowHeight;
    private boolean resized = true;
    private double cursorX, cursorY;

    // Callbacks are held in fields so they stay reachable while GLFW holds their upcall stubs.
    private final GLFWErrorCallbackI errorCallback = (code, description) -> lastGlfwError = memUTF8Safe(description);
    private final GLFWWindowCloseCallbackI closeCallback = w -> closeRequested = true;
    private final GLFWFramebufferSizeCallbackI framebufferSizeCallback = (w, width, height) -> {
        framebufferWidth = width;
        framebufferHeight = height;
        resized = true;
    };
    private final GLFWWindowSizeCallbackI windowSizeCallback = (w, width, height) -> {
        windowWidth = width;
        windowHeight = height;
    };
    private final GLFWCursorPosCallbackI cursorCallback = (w, x, y) -> {
        cursorX = x;
        cursorY = y;
    };
    private final GLFWKeyCallbackI keyCallback = (w, key, scancode, action, mods) -> {
        if (action != GLFW_RELEASE) {
            input.key(key, action == GLFW_REPEAT);
        }
    };
    private final GLFWMouseButtonCallbackI mouseCallback = (w, button, action, mods) -> {
        if (button == GLFW_MOUSE_BUTTON_LEFT && action == GLFW_PRESS) {
            input.click(cursorX, cursorY);
        }
    };

    /**
     * Initialises GLFW and opens a visible window with a current OpenGL core context.
     *
     * @param title window title
     * @param vsync swap interval 1 when true, 0 when false
     * @throws NoDisplayException if there is no display, GLFW cannot initialise, or no 4.5/3.3 core context exists
     */
    public Window(String title, boolean vsync) {
        String display = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        if (linux && (display == null || display.isBlank()) && (wayland == null || wayland.isBlank())) {
            throw new NoDisplayException("DISPLAY is not set");
        }
        glfwSetErrorCallback(errorCallback);
        if (linux && (wayland == null || wayland.isBlank()) && glfwPlatformSupported(GLFW_PLATFORM_X11)) {
            // Without a Wayland session, go straight to X11: probing Wayland only prints libwayland noise.
            glfwInitHint(GLFW_PLATFORM, GLFW_PLATFORM_X11);
        }
        if (!glfwInit()) {
            freeErrorCallback();
            throw new NoDisplayException("GLFW cannot initialise: " + lastGlfwError);
        }
        long created = NULL;
        int major = 0, minor = 0;
        for (int[] version : CONTEXT_VERSIONS) {
            glfwDefaultWindowHints();
            glfwWindowHint(GLFW_VISIBLE, GLFW_TRUE);
            glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, version[0]);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, version[1]);
            glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
            glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
            created = glfwCreateWindow(DEFAULT_WIDTH, DEFAULT_HEIGHT, title, NULL, NULL);
            if (created != NULL) {
                major = version[0];
                minor = version[1];
                break;
            }
        }
        if (created == NULL) {
            String reason = lastGlfwError;
            glfwTerminate();
            freeErrorCallback();
            throw new NoDisplayException("GLFW cannot create a window with an OpenGL 4.5 or 3.3 core context: " + reason);
        }
        this.handle = created;
        this.glMajor = major;
        this.glMinor = minor;
        glfwMakeContextCurrent(handle);
        GL.createCapabilities();
        warmUpLoopCalls();
        glfwSwapInterval(vsync ? 1 : 0);
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer w = stack.mallocInt(1), h = stack.mallocInt(1);
            glfwGetFramebufferSize(handle, w, h);
            framebufferWidth = w.get(0);
            framebufferHeight = h.get(0);
            glfwGetWindowSize(handle, w, h);
            windowWidth = w.get(0);
            windowHeight = h.get(0);
        }
        glfwSetWindowCloseCallback(handle, closeCallback);
        glfwSetFramebufferSizeCallback(handle, framebufferSizeCallback);
        glfwSetWindowSizeCallback(handle, windowSizeCallback);
        glfwSetCursorPosCallback(handle, cursorCallback);
        glfwSetKeyCallback(handle, keyCallback);
        glfwSetMouseButtonCallback(handle, mouseCallback);
    }

    /**
     * Calls {@link #pollEvents()} and {@link #swapBuffers()} {@value #LOOP_CALL_WARM_UP} times, without vsync and on
     * a cleared framebuffer, before the frame loop starts: the JDK customizes a method handle (generating and
     * loading bytecode, about 32 KB of heap) on its 128th call ({@code MethodHandle} customization threshold 127),
     * which would otherwise land in the loop's frame 127 and 128.
     */
    private void warmUpLoopCalls() {
        glfwSwapInterval(0);
        org.lwjgl.opengl.GL11C.glClearColor(0f, 0f, 0f, 1f);
        for (int i = 0; i < LOOP_CALL_WARM_UP; i++) {
            org.lwjgl.opengl.GL11C.glClear(org.lwjgl.opengl.GL11C.GL_COLOR_BUFFER_BIT);
            pollEvents();
            swapBuffers();
        }
    }

    /**
     * Processes pending window events; callbacks update this window's fields. Allocation-free (see
     * {@link GlfwLoopCalls} for why it does not call LWJGL's {@code glfwPollEvents}).
     */
    public void pollEvents() {
        GlfwLoopCalls.pollEvents();
    }

    /**
     * Makes the window's GL context current on no thread, so that a render thread can take it; call on the thread
     * that has it (the one that opened the window) before the render thread calls {@link #makeContextCurrent}.
     */
    public void releaseContext() {
        glfwMakeContextCurrent(NULL);
        GL.setCapabilities(null);
    }

    /**
     * Makes the window's GL context current on the calling thread (a render thread), loads its GL functions there,
     * and sets the swap interval. The context must not be current on another thread.
     *
     * @param vsync swap interval 1 when true, 0 when false
     */
    public void makeContextCurrent(boolean vsync) {
        glfwMakeContextCurrent(handle);
        GL.createCapabilities();
        glfwSwapInterval(vsync ? 1 : 0);
    }

    /** Presents the back buffer; any thread with the context current. Allocation-free. */
    public void swapBuffers() {
        GlfwLoopCalls.swapBuffers(handle);
    }

    /** Whether the user asked to close the window (close button) since it opened. */
    public boolean closeRequested() {
        return closeRequested;
    }

    /** Framebuffer width in pixels (0 while minimised). */
    public int framebufferWidth() {
        return framebufferWidth;
    }

    /** Framebuffer height in pixels (0 while minimised). */
    public int framebufferHeight() {
        return framebufferHeight;
    }

    /** Returns whether the framebuffer changed size since the last call, and clears the flag. */
    public boolean consumeResized() {
        boolean r = resized;
        resized = false;
        return r;
    }

    /** Converts a cursor x in window coordinates to framebuffer pixels. */
    public float toFramebufferX(double x) {
        return windowWidth <= 0 ? (float) x : (float) (x * framebufferWidth / windowWidth);
    }

    /** Converts a cursor y in window coordinates (y down) to framebuffer pixels with y up. */
    public float toFramebufferYUp(double y) {
        double fy = windowHeight <= 0 ? y : y * framebufferHeight / windowHeight;
        return (float) (framebufferHeight - fy);
    }

    /** Keys and clicks received since the loop last consumed them. */
    public Input input() {
        return input;
    }

    /** Major version of the OpenGL context that was created: 4 or 3. */
    public int glMajor() {
        return glMajor;
    }

    /** Minor version of the OpenGL context that was requested and created. */
    public int glMinor() {
        return glMinor;
    }

    /** Destroys the window, frees its callbacks' upcall stubs and terminates GLFW. */
    @Override
    public void close() {
        GL.setCapabilities(null);
        Callbacks.glfwFreeCallbacks(handle);
        glfwDestroyWindow(handle);
        glfwTerminate();
        freeErrorCallback();
    }

    private static void freeErrorCallback() {
        GLFWErrorCallback previous = glfwSetErrorCallback(null);
        if (previous != null) {
            previous.free();
        }
    }
}
