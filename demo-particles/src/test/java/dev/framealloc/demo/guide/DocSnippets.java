package dev.framealloc.demo.guide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps every {@code ```java} block of the documents identical to a tagged region of a test source, so that the
 * code a reader copies is code the test suite compiled and ran.
 * <p>
 * In a test source, a region is the lines between {@code // tag::name[]} and {@code // end::name[]} (both alone on
 * their line). A region may be split into parts by repeating the pair in the same file; the parts are concatenated.
 * Tag lines of other regions inside a region are left out. The region is de-indented by the smallest indentation of
 * its non-blank lines. In a document, the line just before a {@code ```java} fence is {@code <!-- snippet: name -->}.
 * <p>
 * Check the documents, or rewrite their blocks from the sources, from the project root with JDK 25's source
 * launcher:
 * <pre>
 * java demo-particles/src/test/java/dev/framealloc/demo/guide/DocSnippets.java           # check, exit 1 on drift
 * java demo-particles/src/test/java/dev/framealloc/demo/guide/DocSnippets.java --write   # copy sources into docs
 * </pre>
 * It uses nothing beyond the JDK, so that it runs without a build.
 */
final class DocSnippets {
    /** The documents whose Java blocks are checked, relative to the project root. */
    static final List<String> DOCUMENTS = List.of("README.md", "docs/GUIDE.md");
    /** Where tagged regions live, relative to the project root. */
    static final List<String> SOURCE_ROOTS = List.of("engine-memory/src/test", "demo-particles/src/test");
    /** The command that rewrites the documents' blocks, for messages. */
    static final String WRITE_COMMAND = "java demo-particles/src/test/java/dev/framealloc/demo/guide/DocSnippets.java --write";

    private static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::([A-Za-z0-9_.-]+)\\[]\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!-- snippet: ([A-Za-z0-9_.-]+) -->$");
    private static final String JAVA_FENCE = "```java";
    private static final String FENCE = "```";

    private DocSnippets() {}

    /**
     * A tagged region of a source file.
     *
     * @param name  the tag name
     * @param file  the source file
     * @param line  the 1-based line of its first {@code tag::} line
     * @param lines its de-indented lines
     */
    record Region(String name, Path file, int line, List<String> lines) {}

    /**
     * A {@code ```java} block of a document.
     *
     * @param document  the document
     * @param fenceLine the 1-based line of its opening fence
     * @param name      the snippet named by the marker before the fence, or null when there is none
     * @param lines     the lines between the fences
     */
    record Block(Path document, int fenceLine, String name, List<String> lines) {}

    /** What a parse found, and the problems it found on the way. */
    record Parsed<T>(T value, List<String> problems) {}

    // ---------------------------------------------------------------------------------------------------------
    // Sources
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Every region of every {@code .java} file under the source roots.
     *
     * @param root        the project root
     * @param sourceRoots folders relative to {@code root}
     * @return the regions by name, and problems: unclosed or stray tags, and a name defined in two files
     */
    static Parsed<Map<String, Region>> regions(Path root, List<String> sourceRoots) {
        Map<String, Region> regions = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String sourceRoot : sourceRoots) {
            Path dir = root.resolve(sourceRoot);
            if (!Files.isDirectory(dir)) {
                problems.add("source root " + sourceRoot + " is not a directory under " + root);
                continue;
            }
            for (Path file : javaFiles(dir)) {
                Parsed<Map<String, Region>> inFile = regionsOf(root.relativize(file), readLines(file));
                problems.addAll(inFile.problems());
                for (Region region : inFile.value().values()) {
                    Region earlier = regions.putIfAbsent(region.name(), region);
                    if (earlier != null) {
                        problems.add(region.file() + ":" + region.line() + ": region '" + region.name()
                                + "' is already defined at " + earlier.file() + ":" + earlier.line());
                    }
                }
            }
        }
        return new Parsed<>(regions, problems);
    }

    /**
     * The regions of one source file.
     *
     * @param file  the file's name, for regions and messages
     * @param lines its lines
     * @return the regions by name, and problems: an end without a tag, a tag opened twice, a tag never closed
     */
    static Parsed<Map<String, Region>> regionsOf(Path file, List<String> lines) {
        Map<String, Integer> openSince = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        Map<String, List<String>> raw = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher tag = TAG.matcher(line);
            if (tag.matches()) {
                String name = tag.group(2);
                if (tag.group(1).equals("tag")) {
                    if (openSince.putIfAbsent(name, i + 1) != null) {
                        problems.add(file + ":" + (i + 1) + ": region '" + name + "' is opened again before its end");
                    }
                    firstLine.putIfAbsent(name, i + 1);
                    raw.computeIfAbsent(name, n -> new ArrayList<>());
                } else if (openSince.remove(name) == null) {
                    problems.add(file + ":" + (i + 1) + ": end::" + name + "[] without a tag::" + name + "[] before it");
                }
                continue;
            }
            for (String open : openSince.keySet()) {
                raw.get(open).add(line);
            }
        }
        openSince.forEach((name, line) -> problems.add(file + ":" + line + ": region '" + name + "' has no end::"
                + name + "[]"));
        Map<String, Region> regions = new LinkedHashMap<>();
        raw.forEach((name, body) -> regions.put(name, new Region(name, file, firstLine.get(name), dedent(body))));
        return new Parsed<>(regions, problems);
    }

    /**
     * Removes the smallest indentation of the non-blank lines from every line, and trailing spaces.
     *
     * @param lines the lines
     * @return the de-indented lines; blank lines become empty
     */
    static List<String> dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Documents
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The {@code ```java} blocks of a Markdown document. Fences are recognised at the start of a line only; the
     * contents of other fenced blocks are skipped.
     *
     * @param document the document's name, for blocks and messages
     * @param lines    its lines
     * @return the blocks, and problems: a marker not followed by a {@code ```java} fence, an indented
     *         {@code ```java} fence (which this check could not compare), a Java fence written otherwise than
     *         {@code ```java}, an unclosed fence
     */
    static Parsed<List<Block>> blocks(Path document, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher marker = MARKER.matcher(line.strip());
            if (marker.matches() && (i + 1 >= lines.size() || !lines.get(i + 1).equals(JAVA_FENCE))) {
                problems.add(document + ":" + (i + 1) + ": marker for snippet '" + marker.group(1)
                        + "' is not followed by a " + JAVA_FENCE + " line");
                continue;
            }
            if (!line.startsWith(FENCE)) {
                if (line.strip().startsWith(JAVA_FENCE)) {
                    problems.add(document + ":" + (i + 1) + ": indented " + JAVA_FENCE
                            + " block: start it at column 0 so that it can be checked");
                }
                continue;
            }
            int close = i + 1;
            while (close < lines.size() && !lines.get(close).equals(FENCE)) {
                close++;
            }
            if (close == lines.size()) {
                problems.add(document + ":" + (i + 1) + ": fenced block is never closed");
                break;
            }
            String info = line.substring(FENCE.length()).strip();
            boolean java = info.split("\\s+")[0].equalsIgnoreCase("java");
            if (java && !line.equals(JAVA_FENCE)) {
                problems.add(document + ":" + (i + 1) + ": write the fence as " + JAVA_FENCE + " exactly, not \""
                        + line + "\"");
            } else if (java) {
                Matcher before = i > 0 ? MARKER.matcher(lines.get(i - 1).strip()) : null;
                String name = before != null && before.matches() ? before.group(1) : null;
                blocks.add(new Block(document, i + 1, name, List.copyOf(lines.subList(i + 1, close))));
            }
            i = close;
        }
        return new Parsed<>(blocks, problems);
    }

    /**
     * Compares every block with its region.
     *
     * @param blocks  the documents' blocks
     * @param regions the regions by name
     * @return one message per block without a marker, per marker naming no region, and per block that differs from
     *         its region (naming the document, the snippet and the first differing line)
     */
    static List<String> compare(List<Block> blocks, Map<String, Region> regions) {
        List<String> problems = new ArrayList<>();
        for (Block block : blocks) {
            String where = block.document() + ":" + block.fenceLine();
            if (block.name() == null) {
                problems.add(where + ": " + JAVA_FENCE + " block has no <!-- snippet: name --> marker on the line"
                        + " before it, so no test compiles it");
                continue;
            }
            Region region = regions.get(block.name());
            if (region == null) {
                problems.add(where + ": snippet '" + block.name() + "' has no // tag::" + block.name()
                        + "[] region in " + String.join(" or ", SOURCE_ROOTS));
                continue;
            }
            String difference = firstDifference(block, region);
            if (difference != null) {
                problems.add(block.document() + ": snippet '" + block.name() + "' differs from its source "
                        + region.file() + ":" + region.line() + " " + difference);
            }
        }
        return problems;
    }

    private static String firstDifference(Block block, Region region) {
        List<String> doc = block.lines();
        List<String> src = region.lines();
        int n = Math.max(doc.size(), src.size());
        for (int i = 0; i < n; i++) {
            String d = i < doc.size() ? doc.get(i) : null;
            String s = i < src.size() ? src.get(i) : null;
            if (d == null || !d.equals(s)) {
                return "at line " + (i + 1) + " of the block (" + block.document() + ":" + (block.fenceLine() + 1 + i)
                        + "):\n  document: " + show(d) + "\n  source:   " + show(s);
            }
        }
        return null;
    }

    private static String show(String line) {
        return line == null ? "(end of block)" : "\"" + line + "\"";
    }

    /**
     * Regions defined in the sources but used by no document: code that is tested but that no reader sees, usually
     * a block renamed or removed from a document without its region.
     *
     * @param blocks  the documents' blocks
     * @param regions the regions by name
     * @return one message per unused region
     */
    static List<String> unused(List<Block> blocks, Map<String, Region> regions) {
        List<String> problems = new ArrayList<>();
        for (Region region : regions.values()) {
            if (blocks.stream().noneMatch(b -> region.name().equals(b.name()))) {
                problems.add(region.file() + ":" + region.line() + ": region '" + region.name()
                        + "' is used by no document (" + String.join(", ", DOCUMENTS) + ")");
            }
        }
        return problems;
    }

    /**
     * Replaces the lines of every marked block whose region exists with the region's lines.
     *
     * @param document the document's name
     * @param lines    its lines
     * @param regions  the regions by name
     * @return the document's new lines
     */
    static List<String> rewrite(Path document, List<String> lines, Map<String, Region> regions) {
        List<String> out = new ArrayList<>(lines);
        List<Block> blocks = blocks(document, lines).value();
        for (int b = blocks.size() - 1; b >= 0; b--) { // from the end, so earlier line numbers stay valid
            Block block = blocks.get(b);
            Region region = block.name() == null ? null : regions.get(block.name());
            if (region != null) {
                int start = block.fenceLine(); // 0-based index of the first content line
                out.subList(start, start + block.lines().size()).clear();
                out.addAll(start, region.lines());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The project
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Everything wrong with the project's documents: parse problems, blocks without markers, unknown snippets,
     * drift, and unused regions.
     *
     * @param root the project root
     * @return the problems, empty when every block matches its region
     */
    static List<String> check(Path root) {
        Parsed<Map<String, Region>> regions = regions(root, SOURCE_ROOTS);
        List<String> problems = new ArrayList<>(regions.problems());
        List<Block> blocks = new ArrayList<>();
        for (String name : DOCUMENTS) {
            Path document = root.resolve(name);
            if (!Files.isRegularFile(document)) {
                problems.add(name + ": document is missing under " + root);
                continue;
            }
            Parsed<List<Block>> parsed = blocks(Path.of(name), readLines(document));
            problems.addAll(parsed.problems());
            blocks.addAll(parsed.value());
        }
        problems.addAll(compare(blocks, regions.value()));
        problems.addAll(unused(blocks, regions.value()));
        return problems;
    }

    static List<String> readLines(Path file) {
        try {
            return List.of(Files.readString(file).replace("\r\n", "\n").split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * Checks the documents (exit status 1 and one line per problem when anything is wrong), or with
     * {@code --write} first rewrites their blocks from the sources. Run it from the project root.
     *
     * @param args nothing, or {@code --write}
     * @throws IOException if a document cannot be written
     */
    public static void main(String[] args) throws IOException {
        boolean write = args.length == 1 && args[0].equals("--write");
        if (args.length > 1 || (args.length == 1 && !write)) {
            System.err.println("usage: java " + DocSnippets.class.getSimpleName() + ".java [--write]");
            System.exit(2);
        }
        Path root = Path.of("").toAbsolutePath();
        if (write) {
            Map<String, Region> regions = regions(root, SOURCE_ROOTS).value();
            for (String name : DOCUMENTS) {
                Path document = root.resolve(name);
                List<String> lines = readLines(document);
                List<String> rewritten = rewrite(Path.of(name), lines, regions);
                if (!rewritten.equals(lines)) {
                    Files.writeString(document, String.join("\n", rewritten));
                    System.out.println("rewrote " + name);
                }
            }
        }
        List<String> problems = check(root);
        problems.forEach(System.err::println);
        System.out.println(problems.isEmpty() ? "every Java block matches its source" : problems.size() + " problem(s)");
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
