package dev.framealloc.memory.internal;

/** Process-wide defaults for checked mode, read once from system properties. */
public final class CheckedMode {
    /** System property that turns checked mode on for allocators built without {@code .checked(...)}. */
    public static final String CHECKED_PROPERTY = "dev.framealloc.checked";
    /** System property that turns allocation-site tracking on for checked allocators built without the option. */
    public static final String TRACK_SITES_PROPERTY = "dev.framealloc.trackSites";

    private static final boolean CHECKED_DEFAULT = Boolean.getBoolean(CHECKED_PROPERTY);
    private static final boolean TRACK_SITES_DEFAULT = Boolean.getBoolean(TRACK_SITES_PROPERTY);

    private CheckedMode() {}

    public static boolean checkedByDefault() {
        return CHECKED_DEFAULT;
    }

    public static boolean trackSitesByDefault() {
        return TRACK_SITES_DEFAULT;
    }
}
