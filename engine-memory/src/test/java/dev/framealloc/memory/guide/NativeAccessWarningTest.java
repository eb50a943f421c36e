package dev.framealloc.memory.guide;

import dev.framealloc.memory.MemoryArena;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The guide's claims about {@code --enable-native-access}, checked by compiling a small game
 * ({@code src/test/modular-game}) against this module and running it in fresh JVMs: checked mode calls a restricted
 * method, so it needs {@code --enable-native-access=ALL-UNNAMED} on the class path and
 * {@code --enable-native-access=dev.framealloc.memory} on the module path, where {@code ALL-UNNAMED} does not help;
 * unchecked mode needs no flag at all.
 */
class NativeAccessWarningTest {
    private static final String RESTRICTED_WARNING =
            "WARNING: A restricted method in java.lang.foreign.MemorySegment has been called";
    private static final long TIMEOUT_SECONDS = 60;

    private static Path library;
    private static Path game;

    @BeforeAll
    static void compileTheGame() throws IOException, URISyntaxException, InterruptedException {
        library = Path.of(MemoryArena.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(library.resolve("module-info.class")) || library.toString().endsWith(".jar"),
                "engine-memory's classes are not a module: " + library);
        Path sources = Path.of("src/test/modular-game").toAbsolutePath();
        assertTrue(Files.isDirectory(sources), "no game sources at " + sources + " (run from engine-memory)");
        game = Files.createTempDirectory("modular-game-");
        Path log = game.resolve("javac.txt");
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", game.toString(), "--module-path", library.toString(),
                "--module-source-path", sources.toString(), "--module", "game")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(javac.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "javac did not finish");
        int status = javac.exitValue();
        String errors = Files.readString(log);
        assertEquals(0, status, "javac failed:\n" + errors);
    }

    @Test
    void checkedModeOnTheModulePathWarnsAndNamesTheModuleFlag() throws Exception {
        String stderr = runOnModulePath(null, "checked");
        assertTrue(stderr.startsWith(RESTRICTED_WARNING), stderr);
        assertTrue(stderr.contains("WARNING: Use --enable-native-access=dev.framealloc.memory to avoid a warning for"
                + " callers in this module"), stderr);
    }

    @Test
    void checkedModeOnTheModulePathIsQuietWithTheModuleFlag() throws Exception {
        assertEquals("", runOnModulePath("--enable-native-access=dev.framealloc.memory", "checked"));
    }

    @Test
    void allUnnamedDoesNotCoverTheModuleOnTheModulePath() throws Exception {
        String stderr = runOnModulePath("--enable-native-access=ALL-UNNAMED", "checked");
        assertTrue(stderr.startsWith(RESTRICTED_WARNING), stderr);
    }

    @Test
    void checkedModeOnTheClassPathWarnsWithoutAllUnnamedAndIsQuietWithIt() throws Exception {
        String stderr = runOnClassPath(null, "checked");
        assertTrue(stderr.startsWith(RESTRICTED_WARNING), stderr);
        assertTrue(stderr.contains("WARNING: Use --enable-native-access=ALL-UNNAMED to avoid a warning"), stderr);
        assertEquals("", runOnClassPath("--enable-native-access=ALL-UNNAMED", "checked"));
    }

    @Test
    void uncheckedModeNeedsNoFlagOnEitherPath() throws Exception {
        assertEquals("", runOnModulePath(null, "unchecked"));
        assertEquals("", runOnClassPath(null, "unchecked"));
    }

    private static String runOnModulePath(String flag, String mode) throws Exception {
        return run(flag, List.of("--module-path", library + File.pathSeparator + game, "-m", "game/game.Main", mode));
    }

    private static String runOnClassPath(String flag, String mode) throws Exception {
        return run(flag, List.of("-cp", library + File.pathSeparator + game.resolve("game"), "game.Main", mode));
    }

    /** Runs the game and returns its standard error, after checking that it printed "ok 1.0" and exited 0. */
    private static String run(String flag, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (flag != null) {
            command.add(flag);
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Path out = Files.createTempFile(game, "out", ".txt"), err = Files.createTempFile(game, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the game did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        String stdout = Files.readString(out), stderr = Files.readString(err);
        assertEquals(0, process.exitValue(), command + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
        assertEquals("ok 1.0", stdout.strip(), command + "\nstderr:\n" + stderr);
        return stderr;
    }
}
