package dev.framealloc.memory.guide;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guide's "Checked mode in development builds" section. */
class CheckedModeGuideTest {
    private final List<String> reports = new ArrayList<>();

    private void report(String problem) {
        reports.add(problem);
    }

    @Test
    void aDevelopmentFlagTurnsCheckedModeOn() {
        String before = System.getProperty("game.development");
        try {
            System.setProperty("game.development", "true");
            // tag::checked-dev-build[]
            boolean development = Boolean.getBoolean("game.development");  // -Dgame.development=true
            FrameArenas frames = FrameArenas.builder().frameCount(2).checked(development).build();
            // end::checked-dev-build[]
            try (frames) {
                assertTrue(frames.beginFrame().isChecked());
            }
            System.setProperty("game.development", "false");
            try (FrameArenas release = FrameArenas.builder().checked(Boolean.getBoolean("game.development")).build()) {
                assertFalse(release.beginFrame().isChecked());
            }
        } finally {
            if (before == null) {
                System.clearProperty("game.development");
            } else {
                System.setProperty("game.development", before);
            }
        }
    }

    @Test
    void frameDataKeptTooLongThrowsAndSaysWhereItCameFrom() {
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).checked(true).build()) {
            // tag::checked-catches[]
            MemorySegment positions = frames.beginFrame().allocate(JAVA_FLOAT, 1024);
            positions.setAtIndex(JAVA_FLOAT, 0, 1f);
            frames.beginFrame();                     // frame 2: positions is still valid
            frames.beginFrame();                     // frame 3 reuses frame 1's arena
            try {
                positions.getAtIndex(JAVA_FLOAT, 0);
            } catch (IllegalStateException e) {
                report(MemoryArena.describe(positions));
                // allocated from MemoryArena 'frame[0]' in frame 1; its lifetime ended at beginFrame() of frame 3
            }
            // end::checked-catches[]
            assertEquals(List.of("allocated from MemoryArena 'frame[0]' in frame 1; its lifetime ended at"
                    + " beginFrame() of frame 3"), reports);
        }
    }
}
