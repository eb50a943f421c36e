package dev.framealloc.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 7 of the report: the slab walks after churn, from JMH and from the interleaved race. */
class SlabIterationReportTest {

    /** JMH: dense 10 ns, address 2.5 ns, word 2.2 ns, floor 2 ns, SoA 0.25 ns per particle. */
    private static String jmh() {
        return new JmhJson()
                .add("SlabIterationBenchmark", "denseIndex", "", 10.0, 0.0001)
                .add("SlabIterationBenchmark", "addressOrder", "", 2.5, 0.0001)
                .add("SlabIterationBenchmark", "wordOrder", "", 2.2, 0.0001)
                .add("SlabIterationBenchmark", "sortedAddresses", "", 2.0, 0.0001)
                .add("SlabIterationBenchmark", "structureOfArrays", "", 0.25, 0.00001)
                .build();
    }

    /** The race: ratios within rounds of 1.1 (floor) and 0.2 (dense). */
    private static Properties race() {
        Properties p = new Properties();
        p.setProperty("live", "1000000");
        p.setProperty("frames", "600");
        p.setProperty("rounds", "41");
        p.setProperty("walks_per_round", "3");
        p.setProperty("slot_limit", "1300000");
        p.setProperty("start_loadavg", "1.00 0.90 0.80");
        p.setProperty("end_loadavg", "1.10 0.95 0.85");
        String[][] ns = {{"denseIndex", "11", "10", "14"}, {"addressOrder", "2.2", "2.0", "3.0"},
                {"sortedAddresses", "2", "1.9", "2.5"}, {"structureOfArrays", "0.3", "0.2", "0.5"}};
        for (String[] c : ns) {
            p.setProperty(c[0] + ".median_ns", c[1]);
            p.setProperty(c[0] + ".p10_ns", c[2]);
            p.setProperty(c[0] + ".p90_ns", c[3]);
        }
        p.setProperty("addressOrder_over_sortedAddresses.median", "1.1");
        p.setProperty("addressOrder_over_sortedAddresses.p10", "0.9");
        p.setProperty("addressOrder_over_sortedAddresses.p90", "1.4");
        p.setProperty("addressOrder_over_denseIndex.median", "0.2");
        p.setProperty("addressOrder_over_denseIndex.p10", "0.15");
        p.setProperty("addressOrder_over_denseIndex.p90", "0.25");
        return p;
    }

    private static Report.Inputs inputs(String jmh, Properties race) {
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) JsonText.plain(JsonText.parse(jmh).get(0));
        Report.Inputs in = new Report.Inputs(JmhResult.parseAll(jmh), run, null,
                new MachineInfo("Test CPU", 2, "1.0 GiB", "Linux"), "full", "2026-01-01 00:00 UTC",
                List.of("scripts/benchmarks.sh"), new Properties());
        return race == null ? in : in.withIterationRace(IterationRaceResults.parse(race, "race.properties"));
    }

    private static Target target(Report.Result result, String prefix) {
        return result.targets().stream().filter(t -> t.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void tabulatesJmhMediansWithRatiosToTheFloorAndTheDenseWalk() throws IOException {
        String md = Report.generate(inputs(jmh(), null), null, "").markdown();
        assertTrue(md.contains("## 7. Walking the slab after churn"), md);
        assertTrue(md.contains("| dense-index walk (`liveAddress(i)`) | 10.0 | 10.00 | 5.00x | 1.00x | 100 |"), md);
        assertTrue(md.contains("| address-order walk (`nextLive`, `slotAddress`) | 2.50 | 2.50 | 1.25x | 0.25x | 100 |"), md);
        assertTrue(md.contains("| word-at-a-time walk (`liveWord`, `wordAddress`) | 2.20 | 2.20 | 1.10x | 0.22x | 100 |"), md);
        assertTrue(md.contains("| sorted `long[]` of the same addresses (floor) | 2.00 | 2.00 | 1.00x | 0.20x | 100 |"), md);
        assertTrue(md.contains("| SoA `float[]` (EnTT/flecs layout) | 0.25 | 0.25 | 0.13x | 0.03x | 10 |"), md);
        assertFalse(md.contains("Interleaved in one JVM"), md);
    }

    @Test
    void judgesTheTargetsOnTheJmhMediansWithoutARace() throws IOException {
        Report.Result result = Report.generate(inputs(jmh(), null), null, "");
        Target floor = target(result, "address-order walk / sorted-address floor");
        assertTrue(floor.met(), floor.toString());
        assertEquals("1.25x (JMH medians)", floor.measured());
        assertEquals("<= 1.30x", floor.required());
        Target dense = target(result, "address-order walk / dense-index walk");
        assertTrue(dense.met(), dense.toString());
        assertEquals("0.25x (JMH medians)", dense.measured());
    }

    @Test
    void judgesTheTargetsOnTheInterleavedRaceWhenItRan() throws IOException {
        Properties race = race();
        race.setProperty("addressOrder_over_sortedAddresses.median", "1.4");
        Report.Result result = Report.generate(inputs(jmh(), race), null, "");
        Target floor = target(result, "address-order walk / sorted-address floor");
        assertFalse(floor.met(), floor.toString());
        assertEquals("1.40x interleaved (JMH medians: 1.25x)", floor.measured());
        assertEquals("by 8% (1.40x vs at most 1.30x)", floor.shortfall());
        assertTrue(target(result, "address-order walk / dense-index walk").met());
    }

    @Test
    void tabulatesTheRaceAndDrawsTheChart(@TempDir Path dir) throws IOException {
        String md = Report.generate(inputs(jmh(), race()), dir, "img/").markdown();
        assertTrue(md.contains("41 rounds, each contestant walking 3 times per round"), md);
        assertTrue(md.contains("Load average 1.00 0.90 0.80 before and 1.10 0.95 0.85 after."), md);
        assertTrue(md.contains("| address-order walk (`nextLive`, `slotAddress`) | 2.20 | 2.00 - 3.00 | 2.20 | 1.10x | 0.20x |"), md);
        assertTrue(md.contains("| dense-index walk (`liveAddress(i)`) | 11.0 | 10.0 - 14.0 | 11.00 | 5.50x | 1.00x |"), md);
        assertTrue(md.contains("address-order / floor 1.10x (0.90x - 1.40x), address-order / dense-index 0.20x"
                + " (0.15x - 0.25x)"), md);
        assertTrue(md.contains("![ns per particle for each way of walking the churned slab](img/benchmarks-slab-iteration.png)"), md);
        BufferedImage image = ImageIO.read(dir.resolve("benchmarks-slab-iteration.png").toFile());
        assertNotNull(image);
        assertEquals(1100, image.getWidth());
    }

    /** A race with the word-order walk: its row, its ratio to the floor, its bar. */
    @Test
    void tabulatesTheWordOrderWalkOfARaceThatHadIt(@TempDir Path dir) throws IOException {
        Properties race = race();
        race.setProperty("wordOrder.median_ns", "2.1");
        race.setProperty("wordOrder.p10_ns", "1.95");
        race.setProperty("wordOrder.p90_ns", "2.6");
        race.setProperty("wordOrder_over_sortedAddresses.median", "1.05");
        race.setProperty("wordOrder_over_sortedAddresses.p10", "0.98");
        race.setProperty("wordOrder_over_sortedAddresses.p90", "1.2");
        String md = Report.generate(inputs(jmh(), race), dir, "img/").markdown();
        assertTrue(md.contains("| word-at-a-time walk (`liveWord`, `wordAddress`) | 2.10 | 1.95 - 2.60 | 2.10 | 1.05x | 0.19x |"), md);
        assertTrue(md.contains("address-order / floor 1.10x (0.90x - 1.40x), word-order / floor 1.05x (0.98x - 1.20x),"
                + " address-order / dense-index 0.20x (0.15x - 0.25x)"), md);
        assertNotNull(ImageIO.read(dir.resolve("benchmarks-slab-iteration.png").toFile()));
        IterationRaceResults r = IterationRaceResults.parse(race, "race.properties");
        assertEquals(List.of("denseIndex", "addressOrder", "wordOrder", "sortedAddresses", "structureOfArrays"),
                List.copyOf(r.nsPerParticle().keySet()));
    }

    /** A results file of a race from before the word-order walk: the other rows, no word-order row or ratio. */
    @Test
    void readsARaceFromBeforeTheWordOrderWalk() throws IOException {
        IterationRaceResults r = IterationRaceResults.parse(race(), "old.properties");
        assertEquals(null, r.wordOverSorted());
        String md = Report.generate(inputs(jmh(), race()), null, "").markdown();
        assertEquals(1, md.split("word-at-a-time walk \\(`liveWord`", -1).length - 1, "only in the JMH table: " + md);
        assertFalse(md.contains("word-order / floor"), md);
        assertTrue(md.contains("| address-order walk (`nextLive`, `slotAddress`) | 2.20 | 2.00 - 3.00 |"), md);
    }

    @Test
    void leavesTheSectionOutWhenNeitherRan() throws IOException {
        String md = Report.generate(inputs(new JmhJson().add("JfrHookBenchmark", "baseline", "", 1, 0).build(), null),
                null, "").markdown();
        assertFalse(md.contains("## 7."), md);
    }

    @Test
    void readsARaceFileAndNamesAMissingKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("race.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            race().store(w, null);
        }
        IterationRaceResults r = IterationRaceResults.read(file);
        assertEquals(1_300_000, r.slotLimit());
        assertEquals(2.2, r.nsPerParticle().get("addressOrder").median());
        assertEquals(List.of("denseIndex", "addressOrder", "sortedAddresses", "structureOfArrays"),
                List.copyOf(r.nsPerParticle().keySet()));
        Properties broken = race();
        broken.remove("rounds");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IterationRaceResults.parse(broken, "x.properties"));
        assertEquals("x.properties has no rounds (is it a SlabIterationRace results file?)", e.getMessage());
    }
}
