package dev.framealloc.demo;

/** Placeholder until the demo lands; replaced by the CLI entry point. */
public final class DemoMain {
    public static void main(String[] args) {
        System.err.println("demo-particles: not built yet");
        System.exit(1);
    }
}
