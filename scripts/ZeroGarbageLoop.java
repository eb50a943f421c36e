import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.TreeSet;

/**
 * The JUnit side of scripts/zero-garbage-loop.sh, which compiles it and runs it on a module's test class path.
 * <ul>
 * <li>{@code list TAG}: prints every test method tagged TAG under dev.framealloc, one {@code class#method(params)}
 *     a line.</li>
 * <li>{@code run SELECTOR}: runs that one method; exit 0 if every test of it passed, 1 with each failure's first
 *     message line on stdout if not, 2 if nothing ran.</li>
 * </ul>
 */
public final class ZeroGarbageLoop {
    public static void main(String[] args) {
        if (args.length != 2 || !(args[0].equals("list") || args[0].equals("run"))) {
            System.err.println("usage: ZeroGarbageLoop list TAG | run CLASS#METHOD(PARAMS)");
            System.exit(2);
        }
        Launcher launcher = LauncherFactory.create();
        if (args[0].equals("list")) {
            list(launcher, args[1]);
        } else {
            System.exit(run(launcher, args[1]));
        }
    }

    private static void list(Launcher launcher, String tag) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage("dev.framealloc"))
                .filters(TagFilter.includeTags(tag))
                .build();
        TestPlan plan = launcher.discover(request);
        TreeSet<String> methods = new TreeSet<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.getSource().orElse(null) instanceof MethodSource m) {
                    methods.add(m.getClassName() + "#" + m.getMethodName() + "(" + m.getMethodParameterTypes() + ")");
                }
            }
        }
        methods.forEach(System.out::println);
    }

    private static int run(Launcher launcher, String selector) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectMethod(selector))
                .build();
        int[] passedAndFailed = new int[2];
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passedAndFailed[0]++;
                } else {
                    passedAndFailed[1]++;
                    String message = result.getThrowable().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage())
                            .orElse(result.getStatus().toString());
                    System.out.println(id.getDisplayName() + ": " + message.lines().findFirst().orElse(""));
                }
            }
        });
        if (passedAndFailed[0] + passedAndFailed[1] == 0) {
            System.out.println("no test ran for " + selector);
            return 2;
        }
        return passedAndFailed[1] == 0 ? 0 : 1;
    }
}
