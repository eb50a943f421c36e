package dev.framealloc.demo.guide;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ```java} block of README.md and docs/GUIDE.md is a tagged region of a test that compiles and runs it,
 * character for character. On failure, change the test source and run {@value DocSnippets#WRITE_COMMAND} from the
 * project root, or change the document back. The README's one-line benchmark result names the report it quotes, so
 * that a regenerated report fails this test until someone rereads the line.
 */
class DocsDriftTest {
    private static final Pattern PROJECT_VERSION =
            Pattern.compile("<artifactId>framealloc-parent</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern GENERATED = Pattern.compile("^(?:Generated|Measured) on (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC) ");

    @Test
    void everyJavaBlockOfTheDocumentsIsItsTestedSourceRegion() {
        Path root = projectRoot();
        List<String> problems = DocSnippets.check(root);
        assertEquals(List.of(), problems, problems.size() + " problem(s) between the documents and their sources:\n"
                + String.join("\n", problems) + "\nIf the test source is right, run from " + root + ":\n  "
                + DocSnippets.WRITE_COMMAND);
    }

    @Test
    void theDocumentsHaveCheckedJavaBlocks() {
        Path root = projectRoot();
        for (String name : DocSnippets.DOCUMENTS) {
            long blocks = DocSnippets.blocks(Path.of(name), DocSnippets.readLines(root.resolve(name))).value().size();
            assertTrue(blocks >= 1, name + " has no ```java block: the check would pass on nothing");
        }
    }

    @Test
    void theReadmeHeadlineQuotesTheCurrentBenchmarkReport() {
        Path root = projectRoot();
        Matcher generated = DocSnippets.readLines(root.resolve("docs/BENCHMARKS.md")).stream()
                .map(GENERATED::matcher).filter(Matcher::find).findFirst().orElse(null);
        assertTrue(generated != null, "docs/BENCHMARKS.md has no 'Measured on YYYY-MM-DD HH:MM UTC' line");
        String readme = String.join(" ", DocSnippets.readLines(root.resolve("README.md")));
        assertTrue(readme.contains("report of " + generated.group(1)), "docs/BENCHMARKS.md was regenerated ("
                + generated.group(1) + "): check the README's one-line benchmark result against it, then change its"
                + " 'report of ...' to 'report of " + generated.group(1) + "'");
    }

    @Test
    void theReadmeCoordinatesNameTheProjectVersion() {
        Path root = projectRoot();
        Matcher version = PROJECT_VERSION.matcher(String.join("\n", DocSnippets.readLines(root.resolve("pom.xml"))));
        assertTrue(version.find(), "no <version> after framealloc-parent in pom.xml");
        String v = version.group(1);
        String readme = String.join("\n", DocSnippets.readLines(root.resolve("README.md")));
        assertTrue(readme.contains("<artifactId>engine-memory</artifactId>\n  <version>" + v + "</version>"),
                "README's Maven coordinates do not name version " + v);
        assertTrue(readme.contains("'dev.framealloc:engine-memory:" + v + "'"),
                "README's Gradle coordinates do not name version " + v);
    }

    /** Surefire runs in the module's directory; the documents are one level up. */
    static Path projectRoot() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        assertTrue(root != null && Files.isRegularFile(root.resolve("README.md"))
                        && Files.isDirectory(root.resolve("engine-memory")),
                "the project root is not the parent of the working directory " + System.getProperty("user.dir")
                        + ": run this test from the demo-particles module (./mvnw -pl demo-particles test)");
        return root;
    }
}
