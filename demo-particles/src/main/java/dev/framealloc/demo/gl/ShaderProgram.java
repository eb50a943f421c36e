package dev.framealloc.demo.gl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.lwjgl.opengl.GL33C.*;

/**
 * A linked GLSL program built from two shader sources on the class path under {@code /assets/shaders/} (the
 * top-level {@code assets/} folder, packaged into the jar). Uniform locations are looked up once, at start-up.
 */
public final class ShaderProgram implements AutoCloseable {
    private static final String SHADER_ROOT = "/assets/shaders/";
    private final int program;

    /**
     * Compiles and links {@code <name>.vert} and {@code <name>.frag}.
     *
     * @param name base name of the shader pair, for example {@code "particle"}
     * @throws IllegalStateException if a source is missing or compiling or linking fails (with GL's log)
     */
    public ShaderProgram(String name) {
        int vs = compile(GL_VERTEX_SHADER, name + ".vert");
        int fs = compile(GL_FRAGMENT_SHADER, name + ".frag");
        program = glCreateProgram();
        glAttachShader(program, vs);
        glAttachShader(program, fs);
        glLinkProgram(program);
        glDetachShader(program, vs);
        glDetachShader(program, fs);
        glDeleteShader(vs);
        glDeleteShader(fs);
        if (glGetProgrami(program, GL_LINK_STATUS) != GL_TRUE) {
            String log = glGetProgramInfoLog(program);
            glDeleteProgram(program);
            throw new IllegalStateException("shader program '" + name + "' does not link: " + log.strip());
        }
    }

    private static int compile(int type, String file) {
        String source = load(file);
        int shader = glCreateShader(type);
        glShaderSource(shader, source);
        glCompileShader(shader);
        if (glGetShaderi(shader, GL_COMPILE_STATUS) != GL_TRUE) {
            String log = glGetShaderInfoLog(shader);
            glDeleteShader(shader);
            throw new IllegalStateException("shader " + SHADER_ROOT + file + " does not compile: " + log.strip());
        }
        return shader;
    }

    private static String load(String file) {
        try (InputStream in = ShaderProgram.class.getResourceAsStream(SHADER_ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("shader " + SHADER_ROOT + file + " is not on the class path"
                        + " (assets/ must be packaged into the jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shader " + SHADER_ROOT + file, e);
        }
    }

    /**
     * The location of a uniform, looked up at start-up.
     *
     * @throws IllegalStateException if the program has no active uniform of that name
     */
    public int uniform(String name) {
        int location = glGetUniformLocation(program, name);
        if (location < 0) {
            throw new IllegalStateException("uniform '" + name + "' is not active in program " + program);
        }
        return location;
    }

    /** Makes this program current. */
    public void use() {
        glUseProgram(program);
    }

    /** The GL program name. */
    public int id() {
        return program;
    }

    @Override
    public void close() {
        glDeleteProgram(program);
    }
}
