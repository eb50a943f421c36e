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
}
