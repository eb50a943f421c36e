package dev.framealloc.demo.gl;

import org.lwjgl.glfw.GLFW;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code glfwPollEvents} and {@code glfwSwapBuffers} for the frame loop, through FFM downcall handles bound to
 * the two functions' addresses.
 * <p>
 * Why: under JDK 25, LWJGL 3.4's GLFW bindings pass the function address to a shared downcall on every call, and
 * until C2 has compiled and inlined the call site (several thousand calls, measured: about 7,000) each call
 * allocates 40 heap bytes. A frame loop reaches that after minutes at 60 FPS. A handle bound to one address
 * takes only primitive arguments and measures 0 bytes per call from the first few hundred calls on.
 * Neither handle is "critical": {@code glfwPollEvents} calls back into Java (the window's callbacks).
 */
final class GlfwLoopCalls {
    private static final MethodHandle POLL_EVENTS = bind("glfwPollEvents", FunctionDescriptor.ofVoid());
    /**
     * {@code void glfwSwapBuffers(GLFWwindow*)}: the pointer is passed as a 64-bit integer, as LWJGL does (LWJGL
     * supports 64-bit platforms only).
     */
    private static final MethodHandle SWAP_BUFFERS = bind("glfwSwapBuffers",
            FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));

    private GlfwLoopCalls() {}

    private static MethodHandle bind(String function, FunctionDescriptor descriptor) {
        long address = GLFW.getLibrary().getFunctionAddress(function);
        if (address == 0) {
            throw new IllegalStateException("GLFW has no function " + function);
        }
        return Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(address), descriptor);
    }

    /** {@code glfwPollEvents()}. */
    static void pollEvents() {
        try {
            POLL_EVENTS.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code glfwSwapBuffers(window)}. */
    static void swapBuffers(long window) {
        try {
            SWAP_BUFFERS.invokeExact(window);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
