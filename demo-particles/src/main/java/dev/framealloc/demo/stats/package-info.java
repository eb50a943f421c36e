/** Per-frame statistics: allocation-free meters (heap, GC) and the per-frame CSV log of {@code --stats-out}. */
package dev.framealloc.demo.stats;
