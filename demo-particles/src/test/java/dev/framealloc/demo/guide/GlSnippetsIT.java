package dev.framealloc.demo.guide;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the guide's OpenGL snippets ({@link GlSnippets}) in a JVM of their own, in an OpenGL 4.5 core context under
 * Xvfb, with the flags the guide gives for JOML's {@code getToAddress} on JDK 25, and checks that every snippet
 * passed and that the JVM printed no warning. Needs {@code xvfb-run}; it fails, never skips, without it.
 */
class GlSnippetsIT {
    /** The flags the guide's JOML section tells a game to use (no {@code -Djoml.nounsafe}). */
    static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern WARNING = Pattern.compile("(?m)^(WARNING:|.*VM warning:)");

    @Test
    void everyOpenGlSnippetOfTheGuidePassesInARealContextWithoutWarnings() throws Exception {
        Path xvfbRun = findOnPath("xvfb-run");
        if (xvfbRun == null) {
            fail("xvfb-run is not installed: the guide's OpenGL snippets need an X server. Install it with"
                    + " `apt-get install -y xvfb` (.ci/run does this) and run again.");
        }
        Path dir = Files.createTempDirectory("guide-gl-");
        Path runtimeDir = Files.createTempDirectory(dir, "xdg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<String> command = new ArrayList<>(List.of(xvfbRun.toString(), "-a", "-s", "-screen 0 1280x720x24",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), GlSnippets.class.getName()));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the GL snippets did not finish within " + TIMEOUT_SECONDS + " s\nstderr:\n" + Files.readString(err));
        }
        String stdout = Files.readString(out), stderr = Files.readString(err);
        String describe = "\nexit code: " + process.exitValue() + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        assertFalse(stderr.contains("Xvfb failed to start"), "no X server could be started by xvfb-run" + describe);
        assertEquals(0, process.exitValue(), "a GL snippet failed" + describe);
        List<String> passed = stdout.lines().filter(l -> l.startsWith("ok ")).map(l -> l.substring(3)).toList();
        assertEquals(GlSnippets.SNIPPETS, passed, "snippets that passed" + describe);
        assertTrue(!WARNING.matcher(stdout + stderr).find(), "the JVM printed a warning with the guide's flags "
                + JVM_FLAGS + describe);
    }

    private static Path findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
