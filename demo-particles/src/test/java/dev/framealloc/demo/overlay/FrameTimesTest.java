package dev.framealloc.demo.overlay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameTimesTest {
    private static final long MS = 1_000_000L;

    @Test
    void reportsAverageMaxAndFpsOfTheLastWholeSecond() {
        FrameTimes times = new FrameTimes();
        long now = 0;
        for (int i = 0; i < 50; i++) { // one second: 40 frames of 10 ms, 10 of 60 ms
            long frame = i % 5 == 0 ? 60 * MS : 10 * MS;
            now += frame;
            times.record(frame, now);
        }
        assertEquals(50 * 20 * MS, now, "the loop covers 1 s");
        assertEquals(20.0, times.averageMs(), 1e-9);
        assertEquals(60.0, times.maxMs(), 1e-9);
        assertEquals(50.0, times.fps(), 1e-9);
        for (int i = 0; i < 10; i++) { // part of the next second does not change the figures
            now += 5 * MS;
            times.record(5 * MS, now);
        }
        assertEquals(20.0, times.averageMs(), 1e-9);
        assertEquals(5.0, times.lastMs(), 1e-6);
    }

    @Test
    void keepsTheLast256FrameTimesOldestFirst() {
        FrameTimes times = new FrameTimes();
        for (int i = 1; i <= 300; i++) {
            times.record(i * MS, i * 1000 * MS);
        }
        assertEquals(FrameTimes.HISTORY, times.size());
        assertEquals(45f, times.ms(0), 1e-4);
        assertEquals(300f, times.ms(FrameTimes.HISTORY - 1), 1e-4);
        assertEquals(300f, times.maxHeldMs(), 1e-4);
    }
}
