package dev.framealloc.demo.app;

import jdk.jfr.Recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --jfr PATH}: a JDK Flight Recorder recording with engine-memory's per-frame event
 * {@value #FRAME_ARENA_EVENT} enabled (plus GC and allocation-sample events), dumped to the path when closed. With a
 * {@code null} path it records nothing and costs nothing.
 * {@snippet :
 * try (JfrRecording jfr = JfrRecording.start(options.jfr())) {
 *     runFrames();
 * }
 * }
 */
public final class JfrRecording implements AutoCloseable {
    /** The event that {@code FrameArenas} emits for every completed frame. */
    public static final String FRAME_ARENA_EVENT = "dev.framealloc.FrameArena";
    private static final String[] EXTRA_EVENTS = {"jdk.GarbageCollection", "jdk.ObjectAllocationSample"};

    private final Recording recording;
    private final Path path;

    private JfrRecording(Recording recording, Path path) {
        this.recording = recording;
        this.path = path;
    }

    /**
     * Starts a recording that will be dumped to {@code path} on {@link #close()}, or returns an inactive one when
     * {@code path} is null.
     *
     * @param path where to write the {@code .jfr} file, or null for none
     */
    public static JfrRecording start(Path path) {
        if (path == null) {
            return new JfrRecording(null, null);
        }
        Recording recording = new Recording();
        recording.setName("framealloc-demo");
        recording.enable(FRAME_ARENA_EVENT);
        for (String event : EXTRA_EVENTS) {
            recording.enable(event);
        }
        recording.setToDisk(true);
        recording.start();
        return new JfrRecording(recording, path);
    }

    /** Whether a recording is running. */
    public boolean isActive() {
        return recording != null;
    }

    /** The dump path, or null. */
    public Path path() {
        return path;
    }

    /**
     * Stops the recording and writes it to the path (creating missing parent directories). Idempotent.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    @Override
    public void close() {
        if (recording == null || recording.getState() == jdk.jfr.RecordingState.CLOSED) {
            return;
        }
        try {
            recording.stop();
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            recording.dump(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JFR recording to " + path + ": " + e.getMessage(), e);
        } finally {
            recording.close();
        }
    }
}
