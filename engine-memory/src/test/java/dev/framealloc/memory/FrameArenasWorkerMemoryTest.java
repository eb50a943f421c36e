package dev.framealloc.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Caller memory for the low worker indices only: the higher workers reserve blocks of their own. */
class FrameArenasWorkerMemoryTest {

    @Test
    void workersAboveTheLastOneGivenMemoryReserveBlocks() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] main = {arena.allocate(4096, 16), arena.allocate(4096, 16)};
            MemorySegment[] vertices = {arena.allocate(8192, 16), arena.allocate(8192, 16)};
            try (FrameArenas frames = FrameArenas.builder().frameMemory(main).workers(3).workerBlockSize(1024)
                    .workerFrameMemory(0, vertices).checked(false).build()) {
                for (int f = 0; f < 2; f++) {
                    frames.beginFrame();
                    long inCaller = frames.worker(0).allocateAddress(6000, 16);
                    MemorySegment region = vertices[f];
                    assertTrue(inCaller >= region.address() && inCaller + 6000 <= region.address() + region.byteSize(),
                            "worker 0 allocates from its region in frame " + (f + 1));
                    for (int w = 1; w < 3; w++) {
                        long own = frames.worker(w).allocateAddress(512, 16);
                        assertTrue(own < region.address() || own >= region.address() + region.byteSize(),
                                "worker " + w + " reserves its own block");
                    }
                }
                assertEquals(6000 + 2 * 512, frames.usedBytes());
            }
        }
    }
}
