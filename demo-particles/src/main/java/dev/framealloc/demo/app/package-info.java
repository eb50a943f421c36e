/**
 * The demo's two runners: {@link dev.framealloc.demo.app.WindowedRunner} (the GLFW window and frame loop, with GL
 * on the main thread or on a {@code RenderThread}) and {@link dev.framealloc.demo.app.HeadlessRunner} (the same
 * frame work without GL, for benchmarks and soak runs), plus the JFR recording both can start.
 */
package dev.framealloc.demo.app;
