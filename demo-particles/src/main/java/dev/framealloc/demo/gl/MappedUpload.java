package dev.framealloc.demo.gl;

import dev.framealloc.memory.FrameArenas;
import dev.framealloc.memory.MemoryArena;
import org.lwjgl.opengl.GLCapabilities;

import java.lang.foreign.MemorySegment;

import static org.lwjgl.opengl.GL32C.*;
import static org.lwjgl.opengl.GL44C.*;

/**
 * The GL 4.4 ({@code ARB_buffer_storage}) upload path: one buffer created with {@code glBufferStorage}, mapped
 * once with {@code MAP_WRITE | MAP_PERSISTENT | MAP_COHERENT}, and split into {@code framesInFlight} regions.
 * Region {@code i} is the memory of frame arena {@code i} ({@link FrameArenas.Builder#frameMemory}), so vertex
 * data is written once, directly into GPU-visible memory, and "uploading" is only computing its offset.
 * <p>
 * Each region is guarded by a fence placed after the frame's last draw. {@link #beginFrame()} waits on the fence
 * of the region that {@link FrameArenas#beginFrame()} is about to reset, before resetting it, so the CPU never
 * overwrites vertices the GPU has yet to read. Both streams (particles and overlay) live in the same buffer.
 */
public final class MappedUpload implements UploadPath {
    /** Region sizes are rounded up to this, well above any {@code GL_MIN_MAP_BUFFER_ALIGNMENT}. */
    private static final long REGION_ALIGNMENT = 4096;
    private static final int STORAGE_FLAGS = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
    private static final long WAIT_TIMEOUT_NANOS = 1_000_000_000L;

    private final int buffer;
    private final long base;
    private final long regionBytes;
    private final int regionCount;
    private final long[] fences;
    private final FrameArenas frames;
    private int currentRegion = -1;

    /**
     * Creates the buffer, maps it persistently and builds the frame arenas over its regions.
     *
     * @param framesInFlight regions (and arenas), 2 or 3
     * @param bytesPerFrame  bytes one frame may allocate; each region gets at least this much
     * @param checked        engine-memory's checked mode
     * @throws IllegalStateException if the context lacks buffer storage or the mapping fails
     */
    public MappedUpload(int framesInFlight, long bytesPerFrame, boolean checked) {
        if (!supported()) {
            throw new IllegalStateException("--upload mapped needs OpenGL 4.4 or ARB_buffer_storage");
        }
        regionCount = framesInFlight;
        regionBytes = (bytesPerFrame + REGION_ALIGNMENT - 1) & -REGION_ALIGNMENT;
        long total = regionBytes * regionCount;
        buffer = glGenBuffers();
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        glBufferStorage(GL_ARRAY_BUFFER, total, STORAGE_FLAGS);
        base = nglMapBufferRange(GL_ARRAY_BUFFER, 0, total, STORAGE_FLAGS);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        if (base == 0) {
            glDeleteBuffers(buffer);
            throw new IllegalStateException("glMapBufferRange failed for " + total + " bytes: GL error "
                    + glGetError());
        }
        MemorySegment mapped = MemorySegment.ofAddress(base).reinterpret(total);
        MemorySegment[] regions = new MemorySegment[regionCount];
        for (int i = 0; i < regionCount; i++) {
            regions[i] = mapped.asSlice(i * regionBytes, regionBytes);
        }
        fences = new long[regionCount];
        frames = FrameArenas.builder().name("frame").frameMemory(regions).checked(checked).build();
    }

    /** Whether the current context can create persistently mapped buffers (GL 4.4 or ARB_buffer_storage). */
    public static boolean supported() {
        GLCapabilities caps = org.lwjgl.opengl.GL.getCapabilities();
        return caps.OpenGL44 || caps.GL_ARB_buffer_storage;
    }

    @Override
    public String name() {
        return "mapped";
    }

    @Override
    public FrameArenas frames() {
        return frames;
    }

    @Override
    public MemoryArena beginFrame() {
        // FrameArenas uses its arenas round robin from index 0: the next frame's arena is frameNumber % count.
        int region = (int) (frames.frameNumber() % regionCount);
        long fence = fences[region];
        if (fence != 0) {
            waitFor(fence);
            glDeleteSync(fence);
            fences[region] = 0;
        }
        currentRegion = region;
        return frames.beginFrame();
    }

    private static void waitFor(long fence) {
        int flags = GL_SYNC_FLUSH_COMMANDS_BIT;
        while (true) {
            int result = glClientWaitSync(fence, flags, WAIT_TIMEOUT_NANOS);
            if (result == GL_ALREADY_SIGNALED || result == GL_CONDITION_SATISFIED) {
                return;
            }
            if (result == GL_WAIT_FAILED) {
                throw new IllegalStateException("glClientWaitSync failed: GL error " + glGetError());
            }
            flags = 0; // GL_TIMEOUT_EXPIRED: commands are flushed already, keep waiting
        }
    }

    @Override
    public int buffer(int stream) {
        return buffer;
    }

    @Override
    public int upload(int stream, long address, long byteSize, int vertexBytes) {
        long regionStart = base + currentRegion * regionBytes;
        long offset = address - base;
        if (address < regionStart || byteSize > regionStart + regionBytes - address) {
            throw outsideRegion(address, byteSize, regionStart);
        }
        return (int) (offset / vertexBytes);
    }

    private IllegalArgumentException outsideRegion(long address, long byteSize, long regionStart) {
        return new IllegalArgumentException("data is not in the current mapped region: address=0x"
                + Long.toHexString(address) + " byteSize=" + byteSize + " region=0x" + Long.toHexString(regionStart)
                + " regionBytes=" + regionBytes);
    }

    @Override
    public void endFrame() {
        fences[currentRegion] = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
    }

    /** Bytes per region: the most one frame can allocate. */
    public long regionBytes() {
        return regionBytes;
    }

    @Override
    public void close() {
        for (int i = 0; i < regionCount; i++) {
            if (fences[i] != 0) {
                glDeleteSync(fences[i]);
                fences[i] = 0;
            }
        }
        frames.close();
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        glUnmapBuffer(GL_ARRAY_BUFFER);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        glDeleteBuffers(buffer);
    }
}
