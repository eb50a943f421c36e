/**
 * Off-heap allocators for game engines, built on {@code java.lang.foreign}.
 * <ul>
 * <li>{@link dev.framealloc.memory.MemoryArena}: a bump allocator with O(1) allocation and reset, marks and
 *     scopes.</li>
 * <li>{@link dev.framealloc.memory.FrameArenas}: N-buffered per-frame arenas; frame F's data stays valid through
 *     frame F+N-1.</li>
 * <li>{@link dev.framealloc.memory.SlabAllocator}: fixed-size slots with generational handles.</li>
 * <li>{@link dev.framealloc.memory.ScratchArena}: a per-thread scratch arena with nested scopes.</li>
 * </ul>
 * Every allocator validates its arguments ({@link java.lang.IllegalArgumentException} naming the value), reports
 * budget exhaustion with {@link dev.framealloc.memory.ArenaExhaustedException}, and leaves earlier allocations
 * intact when it rejects a call. Checked mode ({@code -Ddev.framealloc.checked=true} or {@code .checked(true)}
 * on a builder) turns lifetime bugs into exceptions; it uses restricted methods, so it needs
 * {@code --enable-native-access}.
 */
package dev.framealloc.memory;
