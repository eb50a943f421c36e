/**
 * The interleaved allocation race: contestants take turns in one JVM, round after round, so that machine noise
 * (other processes, frequency changes) falls on all of them alike, and each contestant's score is the median of
 * its rounds. Use it where the gap between two allocators is smaller than the fork-to-fork spread of separate
 * JMH runs. {@link dev.framealloc.benchmarks.race.AllocationRace} is the entry point.
 */
package dev.framealloc.benchmarks.race;
