package dev.framealloc.benchmarks.race;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.framealloc.benchmarks.race.Contestant.Role.BASELINE;
import static dev.framealloc.benchmarks.race.Contestant.Role.REFERENCE;
import static dev.framealloc.benchmarks.race.Contestant.Role.SUBJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RaceRunTest {

    private static RaceRun run() {
        return new RaceRun(Race.ADDRESS, List.of("base", "subject", "ref"), List.of(BASELINE, SUBJECT, REFERENCE),
                new double[][] {
                        {1.0, 2.0, 1.0, 4.0},   // median 1.5
                        {1.5, 2.0, 1.2, 8.0},   // median 1.75; per-round ratios 1.5, 1.0, 1.2, 2.0 -> 1.35
                        {3.0, 3.0, 3.0, 3.0}});
    }

    @Test
    void scoresAContestantByTheMedianOfItsRounds() {
        assertEquals(1.5, run().median(0));
        assertEquals(1.75, run().median(1));
        assertEquals(3.0, run().median(2));
    }

    @Test
    void dividesMediansForTheRatioAndPairsRoundsForThePairedRatio() {
        assertEquals(1.75 / 1.5, run().ratio(1), 1e-12);
        assertEquals(1.0, run().ratio(0));
        assertEquals(1.35, run().pairedRatio(1), 1e-12);
        assertEquals(1, run().subject());
    }

    @Test
    void takesTheMiddleValueOfAnOddCountAndTheMeanOfTheMiddleTwoOfAnEvenOne() {
        assertEquals(2.0, RaceRun.median(new double[] {3, 1, 2}));
        assertEquals(2.5, RaceRun.median(new double[] {4, 1, 3, 2}));
        assertEquals(Double.NaN, RaceRun.median(new double[0]));
    }

    @Test
    void requiresTheBaselineFirstAndOneRowPerContestant() {
        IllegalArgumentException notFirst = assertThrows(IllegalArgumentException.class, () -> new RaceRun(Race.SEGMENT,
                List.of("a", "b"), List.of(SUBJECT, BASELINE), new double[][] {{1}, {1}}));
        assertEquals("the first contestant must be the baseline, got SUBJECT", notFirst.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> new RaceRun(Race.SEGMENT,
                List.of("a", "b"), List.of(BASELINE, SUBJECT), new double[][] {{1}}));
        assertEquals("labels=2 roles=2 rows=1 must be equal and positive", rows.getMessage());
    }
}
