/** The demo's command line: parsed options ({@link dev.framealloc.demo.cli.DemoOptions}) and the picocli parser. */
package dev.framealloc.demo.cli;
