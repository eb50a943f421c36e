package dev.framealloc.demo.sim;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColourTableTest {

    private static int alphaByte(int packed) {
        return packed >>> 24;
    }

    @Test
    void packsRgba8WithRedInTheLowestAddressAndClamps() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(4);
            s.set(ValueLayout.JAVA_INT, 0, ColourTable.pack(1f, 0.5f, -1f, 2f));
            assertEquals(255, Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 0)));
            assertEquals(128, Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 1)));
            assertEquals(0, Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 2)));
            assertEquals(255, Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 3)));
        }
    }

    @Test
    void eachEntryIsTheGradientTimesBrightnessAtTheMiddleOfItsStep() {
        for (int palette = 0; palette < ColourTable.PALETTES; palette++) {
            for (int kind = 0; kind < 2; kind++) {
                for (int level = 0; level < ColourTable.LEVELS; level++) {
                    int style = ColourTable.style(palette, kind, level);
                    float b = ColourTable.brightness(kind, level);
                    for (int step = 0; step < ColourTable.LIFE_STEPS; step += 17) {
                        float t = (step + 0.5f) / ColourTable.LIFE_STEPS;
                        int expected = ColourTable.pack(ColourTable.gradient(palette, t, 0) * b,
                                ColourTable.gradient(palette, t, 1) * b, ColourTable.gradient(palette, t, 2) * b,
                                ColourTable.alpha(t));
                        // Any t inside the step picks the entry.
                        assertEquals(expected, ColourTable.colour(style, (float) step / ColourTable.LIFE_STEPS + 1e-4f),
                                "palette " + palette + " kind " + kind + " level " + level + " step " + step);
                    }
                }
            }
        }
    }

    @Test
    void aParticlePastItsLifetimeIsTransparent() {
        for (int style = 0; style < ColourTable.TABLE.length / ColourTable.ROW; style++) {
            assertEquals(0, alphaByte(ColourTable.colour(style, 1f)), "style " + style);
            assertEquals(0, alphaByte(ColourTable.colour(style, 1.07f)), "style " + style);
        }
        assertEquals(ColourTable.LIFE_STEPS, ColourTable.index(0, 5f));
    }

    @Test
    void alphaFadesInOverTheFirstSixteenthAndOutToZero() {
        assertEquals(0f, ColourTable.alpha(0f));
        assertEquals(0f, ColourTable.alpha(1f));
        assertEquals(0.5f, ColourTable.alpha(1f / 32f) / ColourTable.alpha(1f / 16f), 0.02f);
        assertTrue(ColourTable.alpha(0.2f) > 0.85f, "alpha(0.2)=" + ColourTable.alpha(0.2f));
        assertTrue(ColourTable.alpha(0.95f) < 0.01f, "alpha(0.95)=" + ColourTable.alpha(0.95f));
    }

    @Test
    void burstsAreHalfAsBrightAsFountainsAndLevelsSpanTheRange() {
        assertEquals(0.75f + 0.4f / 16f, ColourTable.brightness(Emitters.FOUNTAIN, 0), 1e-6f);
        assertEquals(1.15f - 0.4f / 16f, ColourTable.brightness(Emitters.FOUNTAIN, ColourTable.LEVELS - 1), 1e-6f);
        for (int level = 0; level < ColourTable.LEVELS; level++) {
            assertEquals(ColourTable.brightness(Emitters.FOUNTAIN, level) / 2,
                    ColourTable.brightness(Emitters.BURST, level), 1e-6f);
        }
    }

    @Test
    void styleKeepsTheKindInItsBit() {
        int fountain = ColourTable.style(5, Emitters.FOUNTAIN, 7);
        int burst = ColourTable.style(5, Emitters.BURST, 7);
        assertEquals(0, fountain >>> ColourTable.KIND_SHIFT & 1);
        assertEquals(1, burst >>> ColourTable.KIND_SHIFT & 1);
        assertEquals(ColourTable.TABLE.length, (ColourTable.style(ColourTable.PALETTES - 1, 1, ColourTable.LEVELS - 1) + 1)
                * ColourTable.ROW);
    }
}
