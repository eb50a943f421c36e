package dev.framealloc.demo.guide;

import dev.framealloc.demo.guide.DocSnippets.Block;
import dev.framealloc.demo.guide.DocSnippets.Region;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The snippet checker itself, on small made-up sources and documents. */
class DocSnippetsTest {
    private static final Path SOURCE = Path.of("src/FooTest.java");
    private static final Path DOC = Path.of("GUIDE.md");

    private static final List<String> SOURCE_LINES = List.of(
            "class FooTest {",                  // 1
            "    void run() {",                 // 2
            "        // tag::loop[]",           // 3
            "        for (int i = 0; i < 3; i++) {",
            "            work(i);",
            "",
            "        }",
            "        // end::loop[]",            // 8
            "        // tag::two[]",            // 9
            "        int a = 1;",
            "        // end::two[]",
            "        check(a);",
            "        // tag::two[]",
            "        int b = 2;",
            "        // end::two[]",
            "    }",
            "}");

    private static Map<String, Region> sourceRegions() {
        DocSnippets.Parsed<Map<String, Region>> parsed = DocSnippets.regionsOf(SOURCE, SOURCE_LINES);
        assertEquals(List.of(), parsed.problems());
        return parsed.value();
    }

    @Test
    void extractsADeindentedRegionWithItsFirstLine() {
        Region loop = sourceRegions().get("loop");
        assertEquals(List.of("for (int i = 0; i < 3; i++) {", "    work(i);", "", "}"), loop.lines());
        assertEquals(3, loop.line());
        assertEquals(SOURCE, loop.file());
    }

    @Test
    void concatenatesTheLinesOfARegionTaggedTwiceInOneFile() {
        assertEquals(List.of("int a = 1;", "int b = 2;"), sourceRegions().get("two").lines());
    }

    @Test
    void leavesTheTagLinesOfNestedRegionsOut() {
        List<String> lines = List.of("// tag::outer[]", "a();", "    // tag::inner[]", "    b();", "    // end::inner[]",
                "// end::outer[]");
        Map<String, Region> regions = DocSnippets.regionsOf(SOURCE, lines).value();
        assertEquals(List.of("a();", "    b();"), regions.get("outer").lines());
        assertEquals(List.of("b();"), regions.get("inner").lines());
    }

    @Test
    void reportsStrayUnclosedAndReopenedTags() {
        List<String> lines = List.of("// end::nothing[]", "// tag::open[]", "// tag::open[]", "x();");
        assertEquals(List.of(
                "src/FooTest.java:1: end::nothing[] without a tag::nothing[] before it",
                "src/FooTest.java:3: region 'open' is opened again before its end",
                "src/FooTest.java:2: region 'open' has no end::open[]"),
                DocSnippets.regionsOf(SOURCE, lines).problems());
    }

    @Test
    void findsMarkedAndUnmarkedJavaBlocksAndSkipsOtherFences() {
        List<String> doc = List.of(
                "# Guide",                        // 1
                "<!-- snippet: loop -->",         // 2
                "```java",                        // 3
                "for (;;) {}",
                "```",
                "```sh",                          // 6
                "```java",                        // inside a shell block: not a fence
                "```",
                "",
                "```java",                        // 10: no marker
                "int x;",
                "```");
        DocSnippets.Parsed<List<Block>> parsed = DocSnippets.blocks(DOC, doc);
        assertEquals(List.of(), parsed.problems());
        List<Block> blocks = parsed.value();
        assertEquals(2, blocks.size());
        assertEquals(new Block(DOC, 3, "loop", List.of("for (;;) {}")), blocks.get(0));
        assertEquals(10, blocks.get(1).fenceLine());
        assertNull(blocks.get(1).name());
    }

    @Test
    void reportsMarkersWithoutABlockIndentedOrMisspelledFencesAndUnclosedBlocks() {
        List<String> doc = List.of(
                "<!-- snippet: lost -->",
                "",
                "```java",
                "```",
                "- item",
                "  ```java",
                "```Java title",
                "x",
                "```",
                "```java",
                "never closed");
        assertEquals(List.of(
                "GUIDE.md:1: marker for snippet 'lost' is not followed by a ```java line",
                "GUIDE.md:6: indented ```java block: start it at column 0 so that it can be checked",
                "GUIDE.md:7: write the fence as ```java exactly, not \"```Java title\"",
                "GUIDE.md:10: fenced block is never closed"),
                DocSnippets.blocks(DOC, doc).problems());
    }

    @Test
    void namesTheDocumentTheSnippetAndTheFirstDifferingLine() {
        Block block = new Block(DOC, 20, "loop", List.of("for (int i = 0; i < 3; i++) {", "    work(i + 1);", "", "}"));
        assertEquals(List.of("GUIDE.md: snippet 'loop' differs from its source src/FooTest.java:3 at line 2 of the"
                        + " block (GUIDE.md:22):\n  document: \"    work(i + 1);\"\n  source:   \"    work(i);\""),
                DocSnippets.compare(List.of(block), sourceRegions()));
    }

    @Test
    void reportsABlockThatEndsBeforeOrAfterItsRegion() {
        Block shorter = new Block(DOC, 1, "two", List.of("int a = 1;"));
        Block longer = new Block(DOC, 9, "two", List.of("int a = 1;", "int b = 2;", "int c = 3;"));
        assertEquals(List.of(
                "GUIDE.md: snippet 'two' differs from its source src/FooTest.java:9 at line 2 of the block"
                        + " (GUIDE.md:3):\n  document: (end of block)\n  source:   \"int b = 2;\"",
                "GUIDE.md: snippet 'two' differs from its source src/FooTest.java:9 at line 3 of the block"
                        + " (GUIDE.md:12):\n  document: \"int c = 3;\"\n  source:   (end of block)"),
                DocSnippets.compare(List.of(shorter, longer), sourceRegions()));
    }

    @Test
    void acceptsABlockEqualToItsRegion() {
        Block block = new Block(DOC, 1, "two", List.of("int a = 1;", "int b = 2;"));
        assertEquals(List.of(), DocSnippets.compare(List.of(block), sourceRegions()));
    }

    @Test
    void reportsUnmarkedBlocksUnknownSnippetsAndUnusedRegions() {
        Block unmarked = new Block(DOC, 4, null, List.of("x();"));
        Block unknown = new Block(DOC, 9, "nope", List.of("y();"));
        Block loop = new Block(DOC, 14, "loop", sourceRegions().get("loop").lines());
        List<Block> blocks = List.of(unmarked, unknown, loop);
        assertEquals(List.of(
                "GUIDE.md:4: ```java block has no <!-- snippet: name --> marker on the line before it, so no test"
                        + " compiles it",
                "GUIDE.md:9: snippet 'nope' has no // tag::nope[] region in engine-memory/src/test or"
                        + " demo-particles/src/test"),
                DocSnippets.compare(blocks, sourceRegions()));
        assertEquals(List.of("src/FooTest.java:9: region 'two' is used by no document (README.md, docs/GUIDE.md)"),
                DocSnippets.unused(blocks, sourceRegions()));
    }

    @Test
    void rewriteReplacesEachMarkedBlockWithItsRegionAndLeavesTheRestAlone() {
        List<String> doc = List.of(
                "<!-- snippet: two -->",
                "```java",
                "old();",
                "```",
                "text",
                "```java",
                "unmarked();",
                "```",
                "<!-- snippet: loop -->",
                "```java",
                "```",
                "end");
        assertEquals(List.of(
                "<!-- snippet: two -->",
                "```java",
                "int a = 1;",
                "int b = 2;",
                "```",
                "text",
                "```java",
                "unmarked();",
                "```",
                "<!-- snippet: loop -->",
                "```java",
                "for (int i = 0; i < 3; i++) {",
                "    work(i);",
                "",
                "}",
                "```",
                "end"), DocSnippets.rewrite(DOC, doc, sourceRegions()));
    }
}
