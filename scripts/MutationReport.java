import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads PIT's mutations.xml and the list of equivalent mutants (scripts/equivalent-mutants.tsv), prints the mutation
 * score per class and per package, and with --write rewrites the part of docs/RELIABILITY.md between
 * {@code <!-- mutation:start -->} and {@code <!-- mutation:end -->}. Every line of the TSV must match a surviving
 * mutant (class, method, line, mutator), one line per mutant, or the program fails: the list cannot rot.
 * JDK 25 single-file program with no dependency; scripts/mutation.sh runs it.
 */
public class MutationReport {
    static final String USAGE = """
            usage: java scripts/MutationReport.java [options]
              --mutations FILE    PIT's XML report (default engine-memory/target/pit-reports/mutations.xml)
              --equivalents FILE  equivalent mutants, tab-separated: class, method, line, mutator, why
                                  (default scripts/equivalent-mutants.tsv; '#' lines and blank lines are ignored)
              --doc FILE          the page to rewrite with --write (default docs/RELIABILITY.md)
              --write             rewrite the part of --doc between <!-- mutation:start --> and <!-- mutation:end -->
              --partial           the report covers only some classes: skip TSV lines whose class has no mutant in it
                                  (without --partial every TSV line must match a surviving mutant)
              --pit-version V     the PIT version to name in the page (default: read from engine-memory/pom.xml)
              -h, --help          this text
            Prints the table (and every surviving mutant that is not listed as equivalent) on stdout.
            Exit 0 on success, 1 when the TSV does not match the report, 2 on a bad command line or unreadable input.""";
    static final String START = "<!-- mutation:start -->";
    static final String END = "<!-- mutation:end -->";

    /** One mutant of the XML report. */
    record Mutant(String clazz, String method, int line, String mutator, String status, boolean detected,
                  String description) {
        String topLevelClass() {
            int dollar = clazz.indexOf('$');
            return dollar < 0 ? clazz : clazz.substring(0, dollar);
        }

        String packageName() {
            String top = topLevelClass();
            return top.substring(0, Math.max(0, top.lastIndexOf('.')));
        }

        String shortMutator() {
            return mutator.substring(mutator.lastIndexOf('.') + 1);
        }

        String where() {
            return simpleName(clazz) + "." + method + ":" + line;
        }
    }

    /** One line of the equivalent-mutant list. */
    record Equivalent(int tsvLine, String clazz, String method, int line, String mutator, String why) {
        boolean matches(Mutant m) {
            return m.status().equals("SURVIVED") && m.clazz().equals(clazz) && m.method().equals(method)
                    && m.line() == line && (m.mutator().equals(mutator) || m.shortMutator().equals(mutator));
        }
    }

    /** Counts of one class or package. */
    static final class Tally {
        int total;
        int killed;
        int timedOut;
        int equivalent;
        int survived;
        int noCoverage;

        void add(Mutant m, boolean isEquivalent) {
            total++;
            if (m.detected()) {
                killed++;
                if (!m.status().equals("KILLED")) {
                    timedOut++;
                }
            } else if (isEquivalent) {
                equivalent++;
            } else if (m.status().equals("NO_COVERAGE")) {
                noCoverage++;
            } else {
                survived++;
            }
        }

        String score() {
            int relevant = total - equivalent;
            return relevant == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * killed / relevant);
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("MutationReport: " + e.getMessage());
            System.err.println("(see --help)");
            System.exit(2);
        }
    }

    static int run(String[] args) throws UsageException {
        Path mutations = Path.of("engine-memory/target/pit-reports/mutations.xml");
        Path equivalents = Path.of("scripts/equivalent-mutants.tsv");
        Path doc = Path.of("docs/RELIABILITY.md");
        boolean write = false;
        boolean partial = false;
        String pitVersion = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                case "--write" -> write = true;
                case "--partial" -> partial = true;
                case "--mutations", "--equivalents", "--doc", "--pit-version" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new UsageException(arg + " needs a value");
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--mutations" -> mutations = Path.of(value);
                        case "--equivalents" -> equivalents = Path.of(value);
                        case "--doc" -> doc = Path.of(value);
                        default -> pitVersion = value;
                    }
                }
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        if (write && partial) {
            throw new UsageException("--write needs a full run; --partial reports cannot rewrite the page");
        }
        List<Mutant> mutants;
        List<Equivalent> listed;
        try {
            mutants = readMutants(mutations);
            listed = readEquivalents(equivalents);
            if (pitVersion == null) {
                pitVersion = pitVersionFromPom(Path.of("engine-memory/pom.xml"));
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("MutationReport: " + e.getMessage());
            return 2;
        }
        if (mutants.isEmpty()) {
            System.err.println("MutationReport: " + mutations + " has no mutants (did PIT run on any class?)");
            return 2;
        }
        if (mutants.stream().noneMatch(Mutant::detected)) {
            System.err.println("MutationReport: " + mutations + " has no killed mutant: the tests did not run "
                    + "under PIT (is the minion JVM a JDK 25? see scripts/mutation.sh)");
            return 2;
        }

        // Match each TSV line to one surviving mutant; a line that matches none fails the report.
        boolean[] isEquivalent = new boolean[mutants.size()];
        List<String> problems = new ArrayList<>();
        List<Equivalent> used = new ArrayList<>();
        for (Equivalent e : listed) {
            if (partial && mutants.stream().noneMatch(m -> m.clazz().equals(e.clazz()))) {
                continue;
            }
            int found = -1;
            for (int i = 0; i < mutants.size() && found < 0; i++) {
                if (!isEquivalent[i] && e.matches(mutants.get(i))) {
                    found = i;
                }
            }
            if (found < 0) {
                problems.add(equivalentsName(equivalents, e) + ": no surviving mutant " + e.clazz() + "."
                        + e.method() + " line " + e.line() + " " + e.mutator() + describeNear(mutants, e));
            } else {
                isEquivalent[found] = true;
                used.add(e);
            }
        }

        Map<String, Tally> byClass = new TreeMap<>();
        Map<String, Tally> byPackage = new TreeMap<>();
        List<Mutant> otherSurvivors = new ArrayList<>();
        for (int i = 0; i < mutants.size(); i++) {
            Mutant m = mutants.get(i);
            byClass.computeIfAbsent(m.topLevelClass(), k -> new Tally()).add(m, isEquivalent[i]);
            byPackage.computeIfAbsent(m.packageName(), k -> new Tally()).add(m, isEquivalent[i]);
            if (!m.detected() && !isEquivalent[i]) {
                otherSurvivors.add(m);
            }
        }
        String date = java.time.Instant.ofEpochMilli(lastModified(mutations)).atZone(ZoneOffset.UTC).toLocalDate()
                .toString();
        String section = section(byClass, byPackage, used, otherSurvivors, date, pitVersion, partial);
        System.out.println(section);
        if (!otherSurvivors.isEmpty()) {
            System.out.println("Surviving mutants not listed as equivalent (" + otherSurvivors.size() + "):");
            for (Mutant m : otherSurvivors) {
                System.out.println("  " + m.status() + "\t" + m.clazz() + "\t" + m.method() + "\t" + m.line() + "\t"
                        + m.shortMutator() + "\t" + m.description());
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("MutationReport: " + problems.size() + " line(s) of " + equivalents
                    + " match no surviving mutant (fix or remove them):");
            problems.forEach(p -> System.err.println("  " + p));
            return 1;
        }
        if (write) {
            try {
                rewrite(doc, section);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("MutationReport: " + e.getMessage());
                return 2;
            }
            System.out.println("MutationReport: rewrote the mutation section of " + doc);
        }
        return 0;
    }

    static String equivalentsName(Path equivalents, Equivalent e) {
        return equivalents + ":" + e.tsvLine();
    }

    /** A hint for a TSV line that matches nothing: what the report has at that class and line. */
    static String describeNear(List<Mutant> mutants, Equivalent e) {
        List<String> near = new ArrayList<>();
        for (Mutant m : mutants) {
            if (m.clazz().equals(e.clazz()) && m.method().equals(e.method()) && Math.abs(m.line() - e.line()) <= 3) {
                near.add(m.line() + " " + m.shortMutator() + " " + m.status());
            }
        }
        return near.isEmpty() ? " (no mutant of that method within 3 lines)" : " (near it: " + near + ")";
    }

    static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return System.currentTimeMillis();
        }
    }

    static List<Mutant> readMutants(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " (run PIT first: scripts/mutation.sh)");
        }
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var document = factory.newDocumentBuilder().parse(file.toFile());
            NodeList nodes = document.getElementsByTagName("mutation");
            List<Mutant> mutants = new ArrayList<>(nodes.getLength());
            for (int i = 0; i < nodes.getLength(); i++) {
                Element e = (Element) nodes.item(i);
                mutants.add(new Mutant(text(e, "mutatedClass"), text(e, "mutatedMethod"),
                        Integer.parseInt(text(e, "lineNumber")), text(e, "mutator"), e.getAttribute("status"),
                        Boolean.parseBoolean(e.getAttribute("detected")), text(e, "description")));
            }
            return mutants;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read " + file + " as PIT's mutations.xml: " + e.getMessage(), e);
        }
    }

    static String text(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && child.getTagName().equals(tag)) {
                return child.getTextContent().trim();
            }
        }
        throw new IllegalArgumentException("a <mutation> has no <" + tag + ">");
    }

    static List<Equivalent> readEquivalents(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " (the equivalent-mutant list; it may be empty but must exist)");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Equivalent> list = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String where = file + ":" + (i + 1);
            if (f.length != 5) {
                throw new IllegalArgumentException(where + ": expected 5 tab-separated fields (class, method, line,"
                        + " mutator, why), found " + f.length);
            }
            int lineNumber;
            try {
                lineNumber = Integer.parseInt(f[2].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": line='" + f[2] + "' is not a number");
            }
            for (int k = 0; k < 5; k++) {
                if (f[k].isBlank()) {
                    throw new IllegalArgumentException(where + ": field " + (k + 1) + " is blank");
                }
            }
            list.add(new Equivalent(i + 1, f[0].trim(), f[1].trim(), lineNumber, f[3].trim(), f[4].trim()));
        }
        return list;
    }

    static String pitVersionFromPom(Path pom) throws IOException {
        String text = Files.readString(pom);
        int at = text.indexOf("<artifactId>pitest-maven</artifactId>");
        if (at < 0) {
            throw new IllegalArgumentException(pom + " names no pitest-maven plugin; pass --pit-version");
        }
        int open = text.indexOf("<version>", at);
        int close = text.indexOf("</version>", open);
        if (open < 0 || close < 0) {
            throw new IllegalArgumentException(pom + ": pitest-maven has no <version>; pass --pit-version");
        }
        return text.substring(open + "<version>".length(), close).trim();
    }

    static String simpleName(String clazz) {
        return clazz.substring(clazz.lastIndexOf('.') + 1);
    }

    static String section(Map<String, Tally> byClass, Map<String, Tally> byPackage, List<Equivalent> equivalents,
                          List<Mutant> otherSurvivors, String date, String pitVersion, boolean partial) {
        StringBuilder s = new StringBuilder();
        s.append("PIT ").append(pitVersion).append(", run of ").append(date)
                .append(partial ? " (partial: some classes only)" : "")
                .append(". Score = killed / (mutants - equivalent survivors); killed includes mutants that made"
                        + " a test time out. Nested classes count with their top-level class.\n\n");
        s.append("| class | mutants | killed | equivalent survivors | other survivors | no coverage | score |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<String>> classesByPackage = new LinkedHashMap<>();
        for (String clazz : byClass.keySet()) {
            String pkg = clazz.substring(0, Math.max(0, clazz.lastIndexOf('.')));
            classesByPackage.computeIfAbsent(pkg, k -> new ArrayList<>()).add(clazz);
        }
        for (var entry : classesByPackage.entrySet()) {
            for (String clazz : entry.getValue()) {
                row(s, "`" + clazz.substring(entry.getKey().length() + 1) + "`", byClass.get(clazz), false);
            }
            row(s, "`" + entry.getKey() + "` (package)", byPackage.get(entry.getKey()), true);
        }
        Tally all = new Tally();
        byPackage.values().forEach(t -> {
            all.total += t.total;
            all.killed += t.killed;
            all.timedOut += t.timedOut;
            all.equivalent += t.equivalent;
            all.survived += t.survived;
            all.noCoverage += t.noCoverage;
        });
        row(s, "all", all, true);
        s.append("\nEquivalent survivors (").append(equivalents.size())
                .append("; from `scripts/equivalent-mutants.tsv`, each checked against the run):\n\n");
        if (equivalents.isEmpty()) {
            s.append("- none\n");
        }
        for (Equivalent e : equivalents) {
            s.append("- `").append(simpleName(e.clazz())).append('.').append(e.method()).append("` line ")
                    .append(e.line()).append(", ").append(shortName(e.mutator())).append(": ").append(e.why())
                    .append('\n');
        }
        s.append("\nOther survivors and uncovered mutants (").append(otherSurvivors.size()).append(")")
                .append(otherSurvivors.isEmpty() ? ": none\n" : ":\n\n");
        for (Mutant m : otherSurvivors) {
            s.append("- `").append(m.where()).append("` ").append(m.shortMutator()).append(" (")
                    .append(m.description()).append(")").append(m.status().equals("NO_COVERAGE") ? ", no coverage" : "")
                    .append('\n');
        }
        return s.toString();
    }

    static String shortName(String mutator) {
        return mutator.substring(mutator.lastIndexOf('.') + 1);
    }

    static void row(StringBuilder s, String name, Tally t, boolean bold) {
        String b = bold ? "**" : "";
        s.append("| ").append(b).append(name).append(b).append(" | ").append(t.total).append(" | ").append(t.killed)
                .append(t.timedOut > 0 ? " (" + t.timedOut + " by timeout)" : "").append(" | ").append(t.equivalent)
                .append(" | ").append(t.survived).append(" | ").append(t.noCoverage).append(" | ").append(b)
                .append(t.score()).append(b).append(" |\n");
    }

    static void rewrite(Path doc, String section) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start || text.indexOf(START, start + 1) >= 0 || text.indexOf(END, end + 1) >= 0) {
            throw new IllegalArgumentException(doc + " must hold exactly one " + START + " followed by one " + END);
        }
        String updated = text.substring(0, start + START.length()) + "\n" + section + text.substring(end);
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }
}
