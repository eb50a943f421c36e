package dev.framealloc.demo.guide;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ```java} block of README.md and docs/GUIDE.md is a tagged region of a test that compiles and runs it,
 * character for character. On failure, change the test source and run {@value DocSnippets#WRITE_COMMAND} from the
 * project root, or change the document back.
 */
class DocsDriftTest {
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
