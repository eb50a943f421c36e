package dev.framealloc.benchmarks.race;

import java.util.ArrayList;
import java.util.List;

/** The races: which contestants meet, and the ratio to the baseline that framealloc aims for. */
public enum Race {
    /** Raw addresses: {@code MemoryArena.allocateAddress} against LWJGL's {@code MemoryStack.nmalloc}. */
    ADDRESS("address", "allocateAddress / MemoryStack.nmalloc", 1.15) {
        @Override
        List<Contestant> contestants(long size, long alignment, boolean references) {
            var base = List.<Contestant>of(new AddressContestants.MemoryStackNmalloc(size, alignment),
                    new AddressContestants.ArenaAllocateAddress(size, alignment));
            if (!references) {
                return base;
            }
            var all = new ArrayList<>(base);
            all.addAll(ReferenceContestants.all(size, alignment));
            return all;
        }
    },
    /** Segments: {@code MemoryArena.allocate(byteSize, byteAlignment)} against the JDK's slicing allocator. */
    SEGMENT("segment", "allocate (segment) / slicingAllocator", 1.0) {
        @Override
        List<Contestant> contestants(long size, long alignment, boolean references) {
            var base = List.<Contestant>of(new SegmentContestants.SlicingAllocator(size, alignment),
                    new SegmentContestants.ArenaAllocate(size, alignment));
            if (!references) {
                return base;
            }
            var all = new ArrayList<>(base);
            all.add(new SegmentContestants.EscapingSlicingAllocator(size, alignment));
            all.add(new ReferenceContestants.Slicer(size, alignment, false));
            all.add(new ReferenceContestants.Slicer(size, alignment, true));
            return all;
        }
    };

    private final String id;
    private final String ratioName;
    private final double goal;

    Race(String id, String ratioName, double goal) {
        this.id = id;
        this.ratioName = ratioName;
        this.goal = goal;
    }

    /** The name on the command line and in result files. */
    public String id() {
        return id;
    }

    /** The ratio the goal is about, e.g. {@code allocateAddress / MemoryStack.nmalloc}. */
    public String ratioName() {
        return ratioName;
    }

    /** The highest ratio of the framealloc contestant to the baseline that meets the goal. */
    public double goal() {
        return goal;
    }

    /**
     * Builds the contestants, the baseline first. References are stand-alone copies of fast paths, included only
     * on request and always labelled as such.
     */
    abstract List<Contestant> contestants(long size, long alignment, boolean references);

    /** The race named {@code id}. */
    static Race byId(String id) {
        for (Race r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("race=" + id + " is not one of address, segment, all");
    }
}
