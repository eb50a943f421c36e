package dev.framealloc.demo.cli;

/** How the windowed demo moves the frame arena's vertex data to the GPU ({@code --upload}). */
public enum UploadMode {
    /** Orphan the buffer, then {@code nglBufferSubData} straight from the frame arena's native address. */
    SUBDATA,
    /** A persistently mapped buffer split into frames-in-flight regions; the frame arena's memory is the region. */
    MAPPED,
    /** {@link #MAPPED} when GL 4.4 or {@code ARB_buffer_storage} is present, otherwise {@link #SUBDATA}. */
    AUTO
}
