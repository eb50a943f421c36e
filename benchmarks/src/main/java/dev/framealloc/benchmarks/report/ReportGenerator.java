package dev.framealloc.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes {@code BENCHMARKS.md} and its PNG charts from a JMH JSON file and a frame-loop results file.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.framealloc.benchmarks.report.ReportGenerator \
 *     --jmh FILE [--frame-loop FILE] [--run-info FILE] [--iteration-race FILE] --out docs/BENCHMARKS.md \
 *     [--images DIR] [--mode full|quick] [--command "LINE"]...
 * java -cp benchmarks/target/benchmarks.jar dev.framealloc.benchmarks.report.ReportGenerator --describe-machine
 * </pre>
 * Images go next to the Markdown file unless {@code --images} says otherwise. The run-info file (written by
 * {@code scripts/benchmarks.sh}) holds the load average before and after the run, its duration, when it ended
 * ({@code measured_at}) and the machine ({@code machine.*}, printed by {@code --describe-machine}), so that a report
 * regenerated from committed results is identical to the one the run wrote; the
 * iteration-race file is what {@link dev.framealloc.benchmarks.iteration.SlabIterationRace} wrote (skipped when
 * absent). Each {@code --command} is listed
 * verbatim in the report's commands block. Prints each target's verdict; exits 0 whether targets are met or not
 * (the report says), 2 on bad arguments or unreadable inputs.
 */
public final class ReportGenerator {
    private ReportGenerator() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 1 && args[0].equals("--describe-machine")) {
            describeMachine();
            return;
        }
        Path jmh = null;
        Path frameLoop = null;
        Path runInfo = null;
        Path iterationRace = null;
        Path out = null;
        Path images = null;
        String mode = "full";
        List<String> commands = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--jmh" -> jmh = Path.of(need(a, v));
                    case "--frame-loop" -> frameLoop = Path.of(need(a, v));
                    case "--run-info" -> runInfo = Path.of(need(a, v));
                    case "--iteration-race" -> iterationRace = Path.of(need(a, v));
                    case "--out" -> out = Path.of(need(a, v));
                    case "--images" -> images = Path.of(need(a, v));
                    case "--mode" -> mode = need(a, v);
                    case "--command" -> commands.add(need(a, v));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
                i++;
            }
            if (jmh == null || out == null) {
                throw new IllegalArgumentException("--jmh FILE and --out FILE are required");
            }
            Path imageDir = images != null ? images : out.toAbsolutePath().getParent();
            String link = out.toAbsolutePath().getParent().relativize(imageDir.toAbsolutePath()).toString();
            link = link.isEmpty() ? "" : link + "/";
            Report.Inputs inputs = read(jmh, frameLoop, runInfo, mode, commands);
            if (iterationRace != null && Files.exists(iterationRace)) {
                inputs = inputs.withIterationRace(IterationRaceResults.read(iterationRace));
            }
            Files.createDirectories(imageDir);
            Report.Result result = Report.generate(inputs, imageDir, link);
            Files.writeString(out, result.markdown());
            System.out.println("wrote " + out + " and charts in " + imageDir);
            for (Target t : result.targets()) {
                System.out.println((t.met() ? "  met     " : "  MISSED  ") + t.name().replace("`", "") + ": "
                        + t.measured() + (t.met() ? "" : " (" + t.shortfall() + ")"));
            }
        } catch (NoSuchFileException e) {
            System.err.println("error: no such file: " + e.getFile() + " (run scripts/benchmarks.sh first)");
            System.exit(2);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Reads the inputs of a report. */
    @SuppressWarnings("unchecked")
    static Report.Inputs read(Path jmh, Path frameLoop, Path runInfo, String mode, List<String> commands)
            throws IOException {
        String jmhText = Files.readString(jmh);
        List<JmhResult> results = JmhResult.parseAll(jmhText);
        if (results.isEmpty()) {
            throw new IllegalArgumentException(jmh + " holds no JMH results");
        }
        Map<String, Object> run = (Map<String, Object>) JsonText.plain(JsonText.parse(jmhText).get(0));
        FrameLoopResults loop = frameLoop != null && Files.exists(frameLoop)
                ? FrameLoopResults.parse(Files.readString(frameLoop)) : null;
        Properties info = new Properties();
        if (runInfo != null && Files.exists(runInfo)) {
            try (var reader = Files.newBufferedReader(runInfo)) {
                info.load(reader);
            }
        }
        String when = info.getProperty("measured_at",
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        return new Report.Inputs(results, run, loop, MachineInfo.from(info, MachineInfo.current()), mode, when,
                commands, info);
    }

    /** Prints this machine as run-info properties, for {@code scripts/benchmarks.sh} to record with the results. */
    private static void describeMachine() {
        MachineInfo.current().toProperties().forEach((k, v) ->
                System.out.println(k + "=" + String.valueOf(v).replace("\\", "\\\\")));
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
