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
 * Region {@code i} holds frame slot {@code i}'s main arena ({@link FrameArenas.Builder#frameMemory}) and, after it,
 * one part per walker for that walker's vertex arena ({@link FrameArenas.Builder#workerFrameMemory}), so every
 * walker thread writes its vertices once, directly into GPU-visible memory, and "uploading" is only computing an
 * offset. The walkers' expired lists stay in ordinary worker arenas.
 * <p>
 * Each region is guarded by a fence placed after the frame's last draw. On a loop thread that also renders,
 * {@link #beginFrame()} waits on the fence of the region that {@link FrameArenas#beginFrame()} is about to reset,
 * before resetting it; with a render thread, the render thread waits on its frame's fence ({@link #awaitGpu()})
 * before it releases its hold on the frame, and the loop thread's {@code beginFrame()} waits for the hold. Either
 * way the CPU never overwrites vertices the GPU has yet to read. Both streams (particles and overlay) live in the
 * same buffer.
 */
public final class MappedUpload implements UploadPath {
    /** Region sizes are rounded up to this, well above any {@code GL_MIN_MAP_BUFFER_ALIGNMENT}. */
    private static final long REGION_ALIGNMENT = 4096;
    /** Walker parts of a region start at multiples of this. */
    private static final long PART_ALIGNMENT = 256;
    private static final int STORAGE_FLAGS = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
    private static final long WAIT_TIMEOUT_NANOS = 1_000_000_000L;

    private final int buffer;
    private final long base;
    private final long regionBytes;
    private final int regionCount;
    private final long[] fences;
    private final MemorySegment[] mainRegions;
    private final MemorySegment[][] walkerRegions; // [walker][frame slot]
    private final long walkerBlockBytes;
    private FrameArenas frames;
    private int currentRegion = -1;

    /**
     * Creates the buffer and maps it persistently. Call on the thread whose GL context is current.
     *
     * @param framesInFlight regions (frame slots), 2 or 3
     * @param mainBytes      bytes one frame's main arena may allocate (the overlay, slack)
     * @param walkers        walker threads, {@code >= 1}
     * @param walkerBytes    bytes one walker's vertices may take in one frame
     * @throws IllegalStateException if the context lacks buffer storage or the mapping fails
     */
    public MappedUpload(int framesInFlight, long mainBytes, int walkers, long walkerBytes) {
        if (!supported()) {
            throw new IllegalStateException("--upload mapped needs OpenGL 4.4 or ARB_buffer_storage");
        }
        regionCount = framesInFlight;
        long mainPart = align(mainBytes, PART_ALIGNMENT);
        long walkerPart = align(walkerBytes, PART_ALIGNMENT);
        regionBytes = align(mainPart + walkers * walkerPart, REGION_ALIGNMENT);
        walkerBlockBytes = walkerBytes;
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
        mainRegions = new MemorySegment[regionCount];
        walkerRegions = new MemorySegment[walkers][regionCount];
        for (int f = 0; f < regionCount; f++) {
            long start = f * regionBytes;
            mainRegions[f] = mapped.asSlice(start, mainPart);
            for (int w = 0; w < walkers; w++) {
                walkerRegions[w][f] = mapped.asSlice(start + mainPart + w * walkerPart, walkerPart);
            }
        }
        fences = new long[regionCount];
    }

    private static long align(long bytes, long alignment) {
        return (bytes + alignment - 1) & -alignment;
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
    public FrameArenas.Builder configure(FrameArenas.Builder builder) {
        int walkers = walkerRegions.length;
        builder.frameMemory(mainRegions).workers(2 * walkers).workerBlockSize(walkerBlockBytes);
        for (int w = 0; w < walkers; w++) {
            builder.workerFrameMemory(w, walkerRegions[w]);
        }
        return builder;
    }

    @Override
    public void attach(FrameArenas frames) {
        this.frames = frames;
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

    @Override
    public void beginRender(long frameNumber) {
        currentRegion = (int) ((frameNumber - 1) % regionCount);
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

    @Override
    public void awaitGpu() {
        long fence = fences[currentRegion];
        if (fence != 0) {
            waitFor(fence);
            glDeleteSync(fence);
            fences[currentRegion] = 0;
        }
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
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        glUnmapBuffer(GL_ARRAY_BUFFER);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        glDeleteBuffers(buffer);
    }
}
