package dev.framealloc.benchmarks.race;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllocationRaceTest {

    @Test
    void runsEveryContestantOfBothRacesInThisJvm() {
        RaceRunner runner = new RaceRunner(64, 16, 1, 3, 2, RaceRunner.Clock.CPU);
        RaceRun address = runner.run(Race.ADDRESS, true);
        assertEquals(List.of("LWJGL MemoryStack.nmalloc", "framealloc MemoryArena.allocateAddress",
                "reference: minimal upward bump with the checks",
                "reference: upward bump with the checks, a count and padding tracking (0.1.0's fast path)",
                "reference: downward bump with the checks",
                "reference: the arena's fast path alone (last-byte OR, unsigned check, count)"), address.labels());
        RaceRun segment = runner.run(Race.SEGMENT, true);
        assertEquals(List.of("JDK SegmentAllocator.slicingAllocator", "framealloc MemoryArena.allocate",
                "reference: JDK slicingAllocator kept in a field (escapes, as a long-lived allocator)",
                "reference: asSlice from a long-lived object, no checks of its own",
                "reference: asSlice from a long-lived object, with the owner check and a count"), segment.labels());
        assertEquals(2, runner.run(Race.SEGMENT, false).size(), "references only on request");
        for (RaceRun run : List.of(address, segment)) {
            for (double[] rounds : run.nsPerOp()) {
                assertEquals(3, rounds.length);
                for (double ns : rounds) {
                    assertTrue(ns > 0 && Double.isFinite(ns), run.race().id() + " measured " + ns);
                }
            }
        }
    }

    @Test
    void forkedJvmsHandTheirRoundsBackThroughAFile(@TempDir Path dir) throws Exception {
        RaceRun run = new RaceRun(Race.SEGMENT, List.of("JDK, with a comma", "framealloc = x"),
                List.of(Contestant.Role.BASELINE, Contestant.Role.SUBJECT), new double[][] {{1.25, 2.5}, {0.1, 3e-3}});
        Path file = dir.resolve("results.properties");
        AllocationRace.write(List.of(run), file);
        List<RaceRun> back = AllocationRace.read(file);
        assertEquals(1, back.size());
        assertEquals(Race.SEGMENT, back.get(0).race());
        assertEquals(run.labels(), back.get(0).labels());
        assertEquals(run.roles(), back.get(0).roles());
        assertArrayEquals(run.nsPerOp()[0], back.get(0).nsPerOp()[0]);
        assertArrayEquals(run.nsPerOp()[1], back.get(0).nsPerOp()[1]);
    }

    @Test
    void rejectsBadOptionsNamingThem() {
        assertEquals("--alignment=12 must be a power of two", message("--alignment", "12"));
        assertEquals("--rounds=0 must be at least 1", message("--rounds", "0"));
        assertEquals("--forks=x is not a number", message("--forks", "x"));
        assertEquals("race=stack is not one of address, segment, all", message("--race", "stack"));
        assertEquals("--out needs a value", message("--out"));
        assertEquals("--clock=tsc is not one of cpu, wall", message("--clock", "tsc"));
        assertEquals("unknown option --fast", message("--fast", "1"));
    }

    @Test
    void passesWhatToRunButNotWhereToReportToForkedJvms() {
        AllocationRace.Options o = AllocationRace.Options.parse(new String[] {"--race", "segment", "--size", "256",
                "--rounds", "9", "--forks", "3", "--out", "x.md", "--references"});
        assertEquals(List.of("--size", "256", "--alignment", "16", "--warmup", "15", "--rounds", "9", "--batches",
                "2000", "--clock", "cpu", "--race", "segment", "--references"), o.childArgs());
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> AllocationRace.Options.parse(args)).getMessage();
    }
}
