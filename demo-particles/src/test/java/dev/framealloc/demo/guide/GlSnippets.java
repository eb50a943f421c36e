package dev.framealloc.demo.guide;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import dev.framealloc.memory.ScratchArena;
import dev.framealloc.memory.SlabAllocator;
import org.joml.Matrix4f;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.glfw.GLFWImage;
import org.lwjgl.opengl.GL;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL45C.*;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memGetAddress;
import static org.lwjgl.system.MemoryUtil.memGetFloat;
import static org.lwjgl.system.MemoryUtil.memGetInt;
import static org.lwjgl.system.MemoryUtil.memPutAddress;
import static org.lwjgl.system.MemoryUtil.memPutFloat;
import static org.lwjgl.system.MemoryUtil.memPutInt;

/**
 * The guide's snippets that need an OpenGL context, run by {@link GlSnippetsIT} in a JVM of their own under Xvfb:
 * uploads from frame memory, frame arenas over a persistently mapped buffer, a GLFW struct in scratch memory, and
 * a JOML matrix written straight to an address. The JVM runs without {@code -Djoml.nounsafe} so that JOML's
 * {@code getToAddress} works. Each check prints {@code ok <snippet>}; any failure exits 1 with its reason.
 */
final class GlSnippets {
    static final List<String> SNIPPETS = List.of("gl-upload", "gl-mapped-frames", "gl-struct-wrapper",
            "gl-struct-raw", "joml-to-address", "readme-game-loop");
    private static final int VERTEX_BYTES = 16;
    private static final int ICON_SIZE = 16;
    /** The README loop's particle slot: x, y, life (floats). */
    private static final long PARTICLE_BYTES = 12;
    /** A power of two, so that ages are exact in float arithmetic. */
    private static final float DT = 1f / 64f;
    private static final int LOOP_FRAMES = 40;
    private static final int SPAWN_PER_FRAME = 64;
    private static final int MAX_LIFE_FRAMES = 9;
    private static int framesLeft;
    private static int spawned;
    private static final List<String> glfwErrors = new ArrayList<>();

    private GlSnippets() {}

    public static void main(String[] args) {
        GLFWErrorCallback.create((code, description) -> glfwErrors.add(code + ": "
                + GLFWErrorCallback.getDescription(description))).set();
        if (!glfwInit()) {
            fail("glfwInit failed: " + glfwErrors);
        }
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 4);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 5);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        long window = glfwCreateWindow(320, 240, "guide snippets", NULL, NULL);
        if (window == NULL) {
            fail("no OpenGL 4.5 core window: " + glfwErrors);
        }
        glfwMakeContextCurrent(window);
        GL.createCapabilities();
        try {
            upload();
            mappedFrames();
            structWrapper(window);
            structRaw(window);
            jomlToAddress();
            readmeGameLoop();
        } finally {
            GL.setCapabilities(null);
            glfwDestroyWindow(window);
            glfwTerminate();
        }
        check(glfwErrors.isEmpty(), "GLFW reported errors: " + glfwErrors);
        System.exit(0);
    }

    private static void upload() {
        int count = 1000;
        int vbo = glGenBuffers();
        try (FrameArenas frames = FrameArenas.create(2, 1 << 20)) {
            // tag::gl-upload[]
            MemoryArena frame = frames.beginFrame();
            long bytes = (long) count * VERTEX_BYTES;
            long vertices = frame.allocateAddress(bytes, 16);
            writeVertices(vertices, count);
            glBindBuffer(GL_ARRAY_BUFFER, vbo);
            glBufferData(GL_ARRAY_BUFFER, bytes, GL_STREAM_DRAW);   // orphan last frame's storage
            nglBufferSubData(GL_ARRAY_BUFFER, 0, bytes, vertices);  // copy straight from the arena
            // end::gl-upload[]
        }
        float[] back = new float[count * 4];
        glGetBufferSubData(GL_ARRAY_BUFFER, 0, back);
        checkVertices(back, 0, count, "gl-upload");
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        glDeleteBuffers(vbo);
        checkGl("gl-upload");
        pass("gl-upload");
    }

    private static void mappedFrames() {
        int count = 500;
        long bytes = (long) count * VERTEX_BYTES;
        // tag::gl-mapped-frames[]
        int flags = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
        long regionBytes = 1 << 20;                                  // the most one frame may write
        int buffer = glGenBuffers();
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        glBufferStorage(GL_ARRAY_BUFFER, 2 * regionBytes, flags);
        MemorySegment mapped = MemorySegment.ofBuffer(glMapBufferRange(GL_ARRAY_BUFFER, 0, 2 * regionBytes, flags));
        FrameArenas frames = FrameArenas.builder()
                .frameMemory(mapped.asSlice(0, regionBytes), mapped.asSlice(regionBytes, regionBytes))
                .build();

        MemoryArena frame = frames.beginFrame();                     // after waiting on this region's fence
        long vertices = frame.allocateAddress(bytes, 16);            // GPU-visible memory: no upload call
        writeVertices(vertices, count);
        long firstVertex = (vertices - mapped.address()) / VERTEX_BYTES;  // for glDrawArrays
        // end::gl-mapped-frames[]
        check(firstVertex == 0, "gl-mapped-frames: frame 1 starts at region 0, first vertex " + firstVertex);
        frames.beginFrame();
        long second = frames.current().allocateAddress(bytes, 16);
        check(second - mapped.address() == regionBytes, "gl-mapped-frames: frame 2 writes region 1, offset "
                + (second - mapped.address()));
        writeVertices(second, count);
        glFinish();
        float[] back = new float[count * 4];
        glGetBufferSubData(GL_ARRAY_BUFFER, 0, back);
        checkVertices(back, 0, count, "gl-mapped-frames (region 0)");
        glGetBufferSubData(GL_ARRAY_BUFFER, regionBytes, back);
        checkVertices(back, 0, count, "gl-mapped-frames (region 1)");
        frames.close();
        glUnmapBuffer(GL_ARRAY_BUFFER);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        glDeleteBuffers(buffer);
        checkGl("gl-mapped-frames");
        pass("gl-mapped-frames");
    }

    private static void structWrapper(long window) {
        // tag::gl-struct-wrapper[]
        try (MemoryArena.Scope scope = ScratchArena.scope()) {
            long pixels = scope.allocateAddress(ICON_SIZE * ICON_SIZE * 4, 16);    // RGBA8
            paintIcon(pixels, ICON_SIZE);
            GLFWImage.Buffer icons = GLFWImage.create(scope.allocateAddress(GLFWImage.SIZEOF, GLFWImage.ALIGNOF), 1);
            icons.get(0).width(ICON_SIZE).height(ICON_SIZE);
            memPutAddress(icons.get(0).address() + GLFWImage.PIXELS, pixels);    // pixels(ByteBuffer) wants a buffer
            glfwSetWindowIcon(window, icons);
            // end::gl-struct-wrapper[]
            long image = icons.address();
            check(memGetInt(image + GLFWImage.WIDTH) == ICON_SIZE && memGetInt(image + GLFWImage.HEIGHT) == ICON_SIZE
                    && memGetAddress(image + GLFWImage.PIXELS) == pixels, "gl-struct-wrapper: struct fields");
            // tag::gl-struct-wrapper[]
        }
        // end::gl-struct-wrapper[]
        check(glfwErrors.isEmpty(), "gl-struct-wrapper: GLFW errors " + glfwErrors);
        pass("gl-struct-wrapper");
    }

    private static void structRaw(long window) {
        // tag::gl-struct-raw[]
        try (MemoryArena.Scope scope = ScratchArena.scope()) {
            long pixels = scope.allocateAddress(ICON_SIZE * ICON_SIZE * 4, 16);
            paintIcon(pixels, ICON_SIZE);
            long image = scope.allocateAddress(GLFWImage.SIZEOF, GLFWImage.ALIGNOF);
            GLFWImage.nwidth(image, ICON_SIZE);                     // static setters: no wrapper object
            GLFWImage.nheight(image, ICON_SIZE);
            memPutAddress(image + GLFWImage.PIXELS, pixels);
            nglfwSetWindowIcon(window, 1, image);
            // end::gl-struct-raw[]
            check(GLFWImage.nwidth(image) == ICON_SIZE && GLFWImage.nheight(image) == ICON_SIZE
                    && memGetAddress(image + GLFWImage.PIXELS) == pixels, "gl-struct-raw: struct fields");
            // tag::gl-struct-raw[]
        }
        // end::gl-struct-raw[]
        check(glfwErrors.isEmpty(), "gl-struct-raw: GLFW errors " + glfwErrors);
        pass("gl-struct-raw");
    }

    private static void jomlToAddress() {
        int program = program();
        int mvpLocation = glGetUniformLocation(program, "mvp");
        check(mvpLocation >= 0, "joml-to-address: no uniform 'mvp'");
        glUseProgram(program);
        Matrix4f projection = new Matrix4f().perspective((float) Math.toRadians(60), 16f / 9f, 0.1f, 100f);
        Matrix4f view = new Matrix4f().lookAt(0, 2, 5, 0, 0, 0, 0, 1, 0);
        Matrix4f viewProjection = new Matrix4f();
        try (FrameArenas frames = FrameArenas.create(2, 64 * 1024)) {
            MemoryArena frame = frames.beginFrame();
            // tag::joml-to-address[]
            long mvp = frame.allocateAddress(16 * Float.BYTES, 16);
            projection.mul(view, viewProjection).getToAddress(mvp);   // column-major, like OpenGL
            nglUniformMatrix4fv(mvpLocation, 1, false, mvp);
            // end::joml-to-address[]
            float[] expected = new Matrix4f(projection).mul(view).get(new float[16]);
            for (int i = 0; i < 16; i++) {
                check(memGetFloat(mvp + 4L * i) == expected[i], "joml-to-address: element " + i + " in memory");
            }
            float[] uniform = new float[16];
            glGetUniformfv(program, mvpLocation, uniform);
            for (int i = 0; i < 16; i++) {
                check(uniform[i] == expected[i], "joml-to-address: element " + i + " of the uniform is " + uniform[i]
                        + ", expected " + expected[i]);
            }
        }
        glUseProgram(0);
        glDeleteProgram(program);
        checkGl("joml-to-address");
        pass("joml-to-address");
    }

    private static void readmeGameLoop() {
        int program = program();
        glUseProgram(program);
        glUniformMatrix4fv(glGetUniformLocation(program, "mvp"), false, new Matrix4f().get(new float[16]));
        int vao = glGenVertexArrays();
        int vbo = glGenBuffers();
        glBindVertexArray(vao);
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        glVertexAttribPointer(0, 4, GL_FLOAT, false, VERTEX_BYTES, 0);
        glEnableVertexAttribArray(0);
        framesLeft = LOOP_FRAMES;
        spawned = 0;
        // tag::readme-game-loop[]
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).blockSize(4 << 20).build();
             SlabAllocator particles = SlabAllocator.create(PARTICLE_BYTES, 4096)) {
            while (running()) {
                MemoryArena frame = frames.beginFrame();            // O(1): reuses frame F-2's memory
                spawn(particles);                                   // particles.allocate(), then fill the slot
                long vertices = frame.allocateAddress((long) particles.liveCount() * VERTEX_BYTES, 16);
                long v = vertices;
                for (int s = particles.nextLive(0); s < particles.slotLimit(); s = particles.nextLive(s + 1)) {
                    long p = particles.slotAddress(s);              // live slots in address order
                    if (update(p, DT)) {
                        v = writeVertex(p, v);
                    } else {
                        particles.free(particles.slotHandle(s));    // freeing mid-walk skips nothing
                    }
                }
                long bytes = v - vertices;
                glBufferData(GL_ARRAY_BUFFER, bytes, GL_STREAM_DRAW);   // orphan last frame's storage
                nglBufferSubData(GL_ARRAY_BUFFER, 0, bytes, vertices);  // upload straight from the arena
                glDrawArrays(GL_POINTS, 0, (int) (bytes / VERTEX_BYTES));
            }
        }
        // end::readme-game-loop[]
        checkGl("readme-game-loop");
        checkReadmeLoopVertices();
        glBindVertexArray(0);
        glDeleteVertexArrays(vao);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        glDeleteBuffers(vbo);
        glUseProgram(0);
        glDeleteProgram(program);
        pass("readme-game-loop");
    }

    private static boolean running() {
        return framesLeft-- > 0;
    }

    /** Particle n has x = n, y = 0 and a life of 1 to 9 frames. */
    private static void spawn(SlabAllocator particles) {
        for (int i = 0; i < SPAWN_PER_FRAME; i++) {
            long p = particles.address(particles.allocate());
            memPutFloat(p, spawned);
            memPutFloat(p + 4, 0f);
            memPutFloat(p + 8, (spawned % MAX_LIFE_FRAMES + 1) * DT);
            spawned++;
        }
    }

    /** Ages the particle by {@code dt} and moves it up by as much; false when it dies. */
    private static boolean update(long p, float dt) {
        float life = memGetFloat(p + 8) - dt;
        memPutFloat(p + 8, life);
        memPutFloat(p + 4, memGetFloat(p + 4) + dt);
        return life > 0;
    }

    private static long writeVertex(long p, long v) {
        memPutFloat(v, memGetFloat(p));
        memPutFloat(v + 4, memGetFloat(p + 4));
        memPutFloat(v + 8, 0.5f);
        memPutFloat(v + 12, 1f);
        return v + VERTEX_BYTES;
    }

    /**
     * The buffer holds the particles alive after the last frame, in the slab's address order: particle n of frame f
     * has been updated {@code LOOP_FRAMES - f + 1} times, so it is alive iff its life exceeds that, at y = that * DT.
     */
    private static void checkReadmeLoopVertices() {
        Map<Integer, Float> expected = new TreeMap<>();
        for (int n = 0; n < LOOP_FRAMES * SPAWN_PER_FRAME; n++) {
            int updates = LOOP_FRAMES - n / SPAWN_PER_FRAME;
            if (n % MAX_LIFE_FRAMES + 1 > updates) {
                expected.put(n, updates * DT);
            }
        }
        int count = glGetBufferParameteri(GL_ARRAY_BUFFER, GL_BUFFER_SIZE) / VERTEX_BYTES;
        check(count == expected.size(), "readme-game-loop: " + count + " vertices uploaded, expected "
                + expected.size() + " live particles");
        float[] back = new float[count * 4];
        glGetBufferSubData(GL_ARRAY_BUFFER, 0, back);
        Map<Integer, Float> uploaded = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            uploaded.put((int) back[4 * i], back[4 * i + 1]);
        }
        check(uploaded.equals(expected), "readme-game-loop: uploaded particles " + uploaded + ", expected " + expected);
    }

    private static int program() {
        int vs = shader(GL_VERTEX_SHADER, "#version 330 core\nuniform mat4 mvp;\nlayout(location = 0) in vec4 p;\n"
                + "void main() { gl_Position = mvp * p; }\n");
        int fs = shader(GL_FRAGMENT_SHADER, "#version 330 core\nout vec4 colour;\nvoid main() { colour = vec4(1.0); }\n");
        int program = glCreateProgram();
        glAttachShader(program, vs);
        glAttachShader(program, fs);
        glLinkProgram(program);
        check(glGetProgrami(program, GL_LINK_STATUS) == GL_TRUE, "link: " + glGetProgramInfoLog(program));
        glDeleteShader(vs);
        glDeleteShader(fs);
        return program;
    }

    private static int shader(int type, String source) {
        int shader = glCreateShader(type);
        glShaderSource(shader, source);
        glCompileShader(shader);
        check(glGetShaderi(shader, GL_COMPILE_STATUS) == GL_TRUE, "compile: " + glGetShaderInfoLog(shader));
        return shader;
    }

    /** Vertex i is (i, 2i, 0.5, 1). */
    private static void writeVertices(long address, int count) {
        for (int i = 0; i < count; i++) {
            long v = address + (long) i * VERTEX_BYTES;
            memPutFloat(v, i);
            memPutFloat(v + 4, 2f * i);
            memPutFloat(v + 8, 0.5f);
            memPutFloat(v + 12, 1f);
        }
    }

    private static void checkVertices(float[] back, int first, int count, String what) {
        for (int i = first; i < count; i++) {
            check(back[4 * i] == i && back[4 * i + 1] == 2f * i && back[4 * i + 2] == 0.5f && back[4 * i + 3] == 1f,
                    what + ": vertex " + i + " read back as (" + back[4 * i] + ", " + back[4 * i + 1] + ", "
                            + back[4 * i + 2] + ", " + back[4 * i + 3] + ")");
        }
    }

    /** A white square with a red border, RGBA8. */
    private static void paintIcon(long pixels, int size) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean border = x == 0 || y == 0 || x == size - 1 || y == size - 1;
                memPutInt(pixels + 4L * (y * size + x), border ? 0xFF0000FF : 0xFFFFFFFF);
            }
        }
    }

    private static void checkGl(String what) {
        int error = glGetError();
        check(error == GL_NO_ERROR, what + ": GL error 0x" + Integer.toHexString(error));
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            fail(message);
        }
    }

    private static void pass(String snippet) {
        System.out.println("ok " + snippet);
    }

    private static void fail(String message) {
        System.err.println("FAILED " + message);
        System.exit(1);
    }
}
