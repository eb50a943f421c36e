package dev.framealloc.benchmarks.race;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.framealloc.benchmarks.race.Contestant.Role.BASELINE;
import static dev.framealloc.benchmarks.race.Contestant.Role.SUBJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RaceReportTest {

    private static RaceRun run(double subjectNs) {
        return new RaceRun(Race.ADDRESS, List.of("stack", "arena"), List.of(BASELINE, SUBJECT),
                new double[][] {{0.5, 0.5, 0.5}, {subjectNs, subjectNs, subjectNs}});
    }

    @Test
    void summarisesTheSubjectsRatioPerJvmAndTheirMedianAgainstTheGoal() {
        assertEquals("address: allocateAddress / MemoryStack.nmalloc = 1.100, 1.300 per JVM, median 1.200"
                        + " (goal <= 1.15): MISSED" + System.lineSeparator(),
                RaceReport.summary(List.of(List.of(run(0.55)), List.of(run(0.65)))));
        assertEquals("address: allocateAddress / MemoryStack.nmalloc = 1.000 per JVM, median 1.000 (goal <= 1.15): met"
                + System.lineSeparator(), RaceReport.summary(List.of(List.of(run(0.5)))));
    }

    @Test
    void writesOneMarkdownTableWithAColumnPerJvm() {
        String md = RaceReport.markdown(List.of(List.of(run(0.55)), List.of(run(0.65))), List.of("setup line"));
        assertEquals("""
                ## Interleaved races (one JVM, contestants alternating)

                setup line

                ### allocateAddress / MemoryStack.nmalloc

                | contestant | ns/op, JVM 1 | ns/op, JVM 2 | ratio, JVM 1 | ratio, JVM 2 |
                |---|---:|---:|---:|---:|
                | stack (baseline) | 0.500 | 0.500 | 1.000 | 1.000 |
                | arena | 0.550 | 0.650 | 1.100 | 1.300 |

                `allocateAddress / MemoryStack.nmalloc`: 1.100, 1.300 per JVM, median **1.200**; goal <= 1.15: **missed**.

                """, md);
    }
}
