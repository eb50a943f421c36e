package dev.framealloc.memory.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event emitted by {@code FrameArenas} for every completed frame. Disabled unless a recording enables
 * {@value #NAME}; when disabled, {@link #emit} costs one check and allocates nothing.
 */
@Name(FrameArenaEvent.NAME)
@Label("Frame Arena")
@Category({"framealloc"})
@Description("Frame-arena usage of one completed frame, main and worker arenas together")
@Enabled(false)
@StackTrace(false)
public final class FrameArenaEvent extends Event {
    /** The event's name in recordings. */
    public static final String NAME = "dev.framealloc.FrameArena";
    private static final EventType TYPE = EventType.getEventType(FrameArenaEvent.class);

    @Label("Allocator")
    public String allocator;

    @Label("Frame Number")
    public long frameNumber;

    @Label("Used")
    @DataAmount
    public long usedBytes;

    @Label("Peak")
    @DataAmount
    public long peakBytes;

    @Label("Allocations")
    public long allocations;

    @Label("Growth Events")
    public long growth;

    @Label("Worker Bytes")
    @Description("Part of Used in the frame's worker arenas")
    @DataAmount
    public long workerBytes;

    @Label("beginFrame Wait")
    @Description("Time the beginFrame() that started the frame waited for holds on the memory it reused")
    @Timespan(Timespan.NANOSECONDS)
    public long beginFrameWait;

    /** Commits one event if a recording has enabled it. Figures cover the main arena and every worker arena. */
    public static void emit(String allocator, long frameNumber, long usedBytes, long peakBytes, long allocations,
                            long growth, long workerBytes, long beginFrameWait) {
        if (!TYPE.isEnabled()) {
            return;
        }
        FrameArenaEvent event = new FrameArenaEvent();
        event.allocator = allocator;
        event.frameNumber = frameNumber;
        event.usedBytes = usedBytes;
        event.peakBytes = peakBytes;
        event.allocations = allocations;
        event.growth = growth;
        event.workerBytes = workerBytes;
        event.beginFrameWait = beginFrameWait;
        event.commit();
    }
}
