package dev.framealloc.demo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private DemoCli.Result parse(String... args) {
        return DemoCli.parse(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void acceptsEveryOption() {
        DemoCli.Result r = parse("--particles", "100000", "--frames", "400", "--fixed-dt", "--seed", "-7",
                "--screenshot", "shot.png", "--stats-out", "out/stats.csv", "--upload", "subdata",
                "--frames-in-flight", "3", "--no-vsync", "--checked", "--headless", "--jfr", "rec.jfr");
        assertTrue(r.shouldRun(), err.toString());
        assertEquals(new DemoOptions(100_000, 400, true, -7, Path.of("shot.png"), Path.of("out/stats.csv"),
                UploadMode.SUBDATA, 3, false, true, true, Path.of("rec.jfr")), r.options());
        assertEquals("", err.toString());
    }

    @Test
    void defaultsMatchTheIssue() {
        DemoOptions o = parse().options();
        assertNotNull(o);
        assertEquals(20_000, o.particles());
        assertEquals(0, o.frames());
        assertEquals(UploadMode.AUTO, o.upload());
        assertEquals(2, o.framesInFlight());
        assertTrue(o.vsync());
        assertFalse(o.fixedDt() || o.checked() || o.headless());
        assertEquals(null, o.screenshot());
        assertEquals(600, o.headlessFrames());
    }

    @Test
    void threadsDefaultToTheAvailableProcessorsAndRenderThreadIsOff() {
        DemoOptions o = parse().options();
        assertEquals(Math.min(256, Runtime.getRuntime().availableProcessors()), o.threads());
        assertFalse(o.renderThread());
        DemoOptions set = parse("--threads", "3", "--render-thread").options();
        assertEquals(3, set.threads());
        assertTrue(set.renderThread());
        assertEquals(1, parse("--threads=1").options().threads());
    }

    @Test
    void acceptsEqualsSyntaxAndMixedCaseModes() {
        DemoOptions o = parse("--particles=5", "--upload=MAPPED", "--frames-in-flight=2").options();
        assertEquals(5, o.particles());
        assertEquals(UploadMode.MAPPED, o.upload());
    }

    @Test
    void withoutSeedTwoRunsGetDifferentSeeds() {
        assertTrue(parse().options().seed() != parse().options().seed());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--particles -5           | error: Invalid value for option '--particles': -5 is not in [1, 16000000]",
            "--particles 0            | error: Invalid value for option '--particles': 0 is not in [1, 16000000]",
            "--particles abc          | error: Invalid value for option '--particles': 'abc' is not an int",
            "--upload foo             | error: Invalid value for option '--upload': expected one of [SUBDATA, MAPPED, AUTO] (case-insensitive) but was 'foo'",
            "--frames-in-flight 4     | error: Invalid value for option '--frames-in-flight': 4 is not 2 or 3",
            "--frames -1              | error: Invalid value for option '--frames': -1 is negative (0 = until closed)",
            "--bogus                  | error: Unknown option: '--bogus'",
            "--seed                   | error: Missing required parameter for option '--seed' (N)",
            "--threads 0              | error: Invalid value for option '--threads': 0 is not in [1, 256]",
            "--threads -3             | error: Invalid value for option '--threads': -3 is not in [1, 256]",
            "--threads 257            | error: Invalid value for option '--threads': 257 is not in [1, 256]",
    })
    void rejectsBadInputWithOneLineNamingItThenUsageAndExitCode2(String args, String expectedLine) {
        DemoCli.Result r = parse(args.trim().split(" +"));
        assertFalse(r.shouldRun());
        assertEquals(DemoCli.EXIT_USAGE, r.exitCode());
        String[] lines = err.toString().split("\\R");
        assertEquals(expectedLine, lines[0]);
        assertTrue(lines[1].startsWith("Usage: demo-particles"), lines[1]);
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        DemoCli.Result r = parse("--help");
        assertFalse(r.shouldRun());
        assertEquals(DemoCli.EXIT_OK, r.exitCode());
        assertTrue(out.toString().startsWith("Usage: demo-particles"), out.toString());
        for (String option : new String[] {"--particles", "--frames", "--fixed-dt", "--seed", "--screenshot",
                "--stats-out", "--upload", "--frames-in-flight", "--no-vsync", "--checked", "--headless", "--jfr",
                "--threads", "--render-thread"}) {
            assertTrue(out.toString().contains(option), option);
        }
        assertEquals("", err.toString());
    }
}
