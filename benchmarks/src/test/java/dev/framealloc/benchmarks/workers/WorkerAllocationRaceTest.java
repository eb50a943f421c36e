package dev.framealloc.benchmarks.workers;

import dev.framealloc.memory.FrameArenas;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerAllocationRaceTest {

    @Test
    void everyContestantAllocatesTheSameFrameFromItsOwnArena() {
        for (WorkerAllocation contestant : WorkerAllocation.values()) {
            try (FrameArenas frames = contestant.newFrames()) {
                contestant.frame(frames);
                long bytes = WorkerAllocation.BATCH * WorkerAllocation.SIZE;
                boolean onWorker = contestant != WorkerAllocation.MAIN;
                assertEquals(onWorker ? bytes : 0, frames.workerUsedBytes(0), contestant.label());
                assertEquals(onWorker ? 0 : bytes, frames.current().usedBytes(), contestant.label());
                assertEquals(WorkerAllocation.BATCH, frames.allocationCount(), contestant.label());
                assertEquals(0, frames.growthCount(), "a frame fits the block: " + contestant.label());
            }
        }
    }

    @Test
    void racesEveryContestantForEveryRound() {
        double[][] ns = WorkerAllocationRace.race(1, 3, 2, false);
        assertEquals(WorkerAllocation.values().length, ns.length);
        for (double[] rounds : ns) {
            assertEquals(3, rounds.length);
            for (double v : rounds) {
                assertTrue(v > 0, "ns per allocation " + v);
            }
        }
    }

    @Test
    void takesTheMedianOfRounds() {
        assertEquals(2.0, WorkerAllocationRace.median(new double[] {3, 1, 2}));
        assertEquals(2.5, WorkerAllocationRace.median(new double[] {4, 1, 3, 2}));
    }
}
