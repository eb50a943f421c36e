package dev.framealloc.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class BenchmarkFlagsTest {

    @Test
    void forkFlagsStartWithTheRootPomsNativeFlags() throws IOException {
        Properties build = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/benchmark-build.properties")) {
            assertNotNull(in, "benchmark-build.properties is missing from the test class path");
            build.load(in);
        }
        String pomFlags = build.getProperty("jvm.native.flags");
        String[] all = BenchmarkFlags.all();
        assertEquals(pomFlags, String.join(" ", Arrays.copyOf(all, 4)));
    }

    @Test
    void forkFlagsSelectTheSystemAllocatorAndAFixedHeap() {
        assertEquals("[--enable-native-access=ALL-UNNAMED, --add-exports, java.base/jdk.internal.misc=ALL-UNNAMED,"
                        + " -Djoml.nounsafe=true, -Dorg.lwjgl.system.allocator=system, -Xms1g, -Xmx1g,"
                        + " --sun-misc-unsafe-memory-access=allow]",
                Arrays.toString(BenchmarkFlags.all()));
    }
}
