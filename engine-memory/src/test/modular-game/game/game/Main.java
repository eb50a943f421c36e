package game;

import dev.framealloc.memory.FrameArenas;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/** Allocates one segment from frame arenas, checked when the first argument is "checked", and prints "ok". */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        boolean checked = args.length > 0 && args[0].equals("checked");
        try (FrameArenas frames = FrameArenas.builder().frameCount(2).checked(checked).build()) {
            MemorySegment positions = frames.beginFrame().allocate(JAVA_FLOAT, 1024);
            positions.setAtIndex(JAVA_FLOAT, 1023, 1f);
            System.out.println("ok " + positions.getAtIndex(JAVA_FLOAT, 1023));
        }
    }
}
