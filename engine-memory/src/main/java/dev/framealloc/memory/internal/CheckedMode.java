package dev.framealloc.memory.internal;

/** Process-wide defaults for checked mode, read from system properties each time an allocator is built. */
public final class CheckedMode {
    /** System property that turns checked mode on for allocators built without {@code .checked(...)}. */
    public static final String CHECKED_PROPERTY = "dev.framealloc.checked";
    /** System property that turns allocation-site tracking on for checked allocators built without the option. */
    public static final String TRACK_SITES_PROPERTY = "dev.framealloc.trackSites";

    private CheckedMode() {}

    public static boolean checkedByDefault() {
        return Boolean.getBoolean(CHECKED_PROPERTY);
    }

    public static boolean trackSitesByDefault() {
        return Boolean.getBoolean(TRACK_SITES_PROPERTY);
    }
}
