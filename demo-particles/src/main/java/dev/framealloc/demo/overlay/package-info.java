/**
 * The live statistics overlay: text from stb_easy_font and a 256-frame history graph, written as transient
 * geometry into the frame arena each frame, with numbers formatted digit by digit (no {@code String}s).
 */
package dev.framealloc.demo.overlay;
