/**
 * Implementation helpers of {@code dev.framealloc.memory}: argument checks, native blocks, checked-mode
 * bookkeeping and leak tracking. Not exported by the module and not API.
 */
package dev.framealloc.memory.internal;
