package dev.framealloc.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoMainTest {

    @Test
    void headlessRunPrintsOneSummaryLineAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoMain.run(new String[] {"--headless", "--frames", "120", "--fixed-dt", "--seed", "3",
                "--particles", "2000"}, new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(0, code, err.toString());
        String[] lines = out.toString().split("\\R");
        assertEquals(1, lines.length, out.toString());
        assertTrue(lines[0].startsWith("headless: frames=120 particles=2000 "), lines[0]);
        assertEquals("", err.toString());
    }

    @Test
    void badFlagExitsTwoWithoutRunning() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoMain.run(new String[] {"--headless", "--upload", "foo"}, new PrintStream(out, true),
                new PrintStream(err, true));
        assertEquals(2, code);
        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("error: Invalid value for option '--upload'"), err.toString());
    }

    @Test
    void unwritableStatsOutIsOneLineAndExitCodeOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createFile(dir.resolve("a-file"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoMain.run(new String[] {"--headless", "--frames", "20", "--particles", "500", "--stats-out",
                file.resolve("stats.csv").toString()}, new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(1, code);
        String[] lines = err.toString().split("\\R");
        assertEquals(1, lines.length, err.toString());
        assertTrue(lines[0].startsWith("error: cannot write --stats-out "), lines[0]);
    }
}
