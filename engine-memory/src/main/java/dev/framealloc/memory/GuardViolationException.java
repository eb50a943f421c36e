package dev.framealloc.memory;

/**
 * Checked mode found that code wrote past the end of an allocation: the guard bytes after it were
 * overwritten. The message names the allocation (its index since the last reset, size, offset in the arena,
 * and the arena) and, with allocation-site tracking on, the stack frame that allocated it. Thrown by the
 * reset, {@code resetTo}, scope close, {@link FrameArenas#beginFrame()} or {@code close()} that verified the
 * guards; that call has completed its work before throwing, so the allocator stays usable and closable.
 */
public class GuardViolationException extends IllegalStateException {
    /**
     * Creates the exception.
     *
     * @param message the description of the overrun
     */
    public GuardViolationException(String message) {
        super(message);
    }
}
