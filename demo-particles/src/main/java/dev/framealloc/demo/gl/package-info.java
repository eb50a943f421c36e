/**
 * OpenGL side of the demo: the GLFW {@link dev.framealloc.demo.gl.Window} and its input, the
 * {@link dev.framealloc.demo.gl.Renderer} and its shaders (from the top-level {@code assets/} folder), the two
 * {@link dev.framealloc.demo.gl.UploadPath}s that move frame-arena memory to the GPU, and screenshots.
 */
package dev.framealloc.demo.gl;
