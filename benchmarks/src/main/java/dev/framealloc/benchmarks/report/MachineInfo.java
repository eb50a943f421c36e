package dev.framealloc.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The machine the report was generated on: CPU model and core count from {@code /proc/cpuinfo}, memory from
 * {@code /proc/meminfo}, the operating system from the JVM. Falls back to what the JVM knows elsewhere.
 *
 * @param cpuModel    CPU model name
 * @param logicalCpus logical CPUs listed by the kernel (or the JVM's available processors)
 * @param memory      total memory, e.g. {@code "23.5 GiB"}, or {@code "unknown"}
 * @param os          operating system name, version and architecture
 */
public record MachineInfo(String cpuModel, int logicalCpus, String memory, String os) {

    /** Reads the current machine. */
    public static MachineInfo current() {
        String model = "unknown";
        int cpus = 0;
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        for (String line : cpuinfo) {
            if (line.startsWith("model name")) {
                if (model.equals("unknown")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            if (line.startsWith("processor")) {
                cpus++;
            }
        }
        if (cpus == 0) {
            cpus = Runtime.getRuntime().availableProcessors();
        }
        String memory = "unknown";
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                memory = String.format("%.1f GiB", kib / (1024.0 * 1024.0));
            }
        }
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new MachineInfo(model, cpus, memory, os);
    }

    /**
     * The machine recorded in a run-info file by {@link #toProperties()}, so a report regenerated later names the
     * machine that measured, not the one regenerating; {@code fallback} when the file has no machine keys.
     */
    public static MachineInfo from(Properties info, MachineInfo fallback) {
        if (!info.containsKey("machine.cpu")) {
            return fallback;
        }
        return new MachineInfo(info.getProperty("machine.cpu"),
                Integer.parseInt(info.getProperty("machine.logical_cpus", "0")),
                info.getProperty("machine.memory", "unknown"), info.getProperty("machine.os", "unknown"));
    }

    /** This machine as the {@code machine.*} keys {@link #from} reads. */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("machine.cpu", cpuModel);
        p.setProperty("machine.logical_cpus", Integer.toString(logicalCpus));
        p.setProperty("machine.memory", memory);
        p.setProperty("machine.os", os);
        return p;
    }

    private static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
