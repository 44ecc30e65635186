package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.debug.internal.pprof.StackFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The profiles' stack filter")
class StackFilterTest {

    private static StackTraceElement[] stack(String... frames) {
        return Arrays.stream(frames).map(f -> {
            int dot = f.lastIndexOf('.');
            return new StackTraceElement(f.substring(0, dot), f.substring(dot + 1), null, 1);
        }).toArray(StackTraceElement[]::new);
    }

    private static List<String> names(StackTraceElement[] s) {
        return Arrays.stream(s).map(e -> e.getClassName() + "." + e.getMethodName()).toList();
    }

    private static final String[] THREAD_START = {"io.go4j.Go$ThrowingRunnable.run",
        "io.go4j.internal.runtime.Goroutine.run", "java.lang.Thread.runWith", "java.lang.VirtualThread.run",
        "java.lang.VirtualThread$VThreadContinuation$1.run", "jdk.internal.vm.Continuation.enter0",
        "jdk.internal.vm.Continuation.enter"};

    private static String[] withStart(String... frames) {
        return Stream.concat(Arrays.stream(frames), Arrays.stream(THREAD_START)).toArray(String[]::new);
    }

    @Test
    @DisplayName("a goroutine parked in go4j starts at the go4j call and ends with its task")
    void parkedInGo4j() {
        StackTraceElement[] s = stack(withStart("jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.locks.LockSupport.park", "java.lang.VirtualThread.park",
                "io.go4j.internal.runtime.Waiter.park", "io.go4j.internal.chan.HChan.recv", "io.go4j.Chan.recv",
                "com.example.App.handle", "io.go4j.Go.withLabels", "com.example.App.lambda$main$0"));
        assertEquals(List.of("io.go4j.Chan.recv", "com.example.App.handle", "io.go4j.Go.withLabels",
                "com.example.App.lambda$main$0"), names(StackFilter.ofGoroutine(s)));
    }

    @Test
    @DisplayName("a goroutine waiting outside go4j keeps the JDK's frames, even inside a go4j callback")
    void waitingOutsideGo4j() {
        StackTraceElement[] s = stack(withStart("java.lang.Thread.sleep0", "java.lang.Thread.sleep",
                "com.example.App.nap", "io.go4j.Go.withLabels", "com.example.App.run"));
        assertEquals(List.of("java.lang.Thread.sleep0", "java.lang.Thread.sleep", "com.example.App.nap",
                "io.go4j.Go.withLabels", "com.example.App.run"), names(StackFilter.ofGoroutine(s)));
    }

    @Test
    @DisplayName("an event's stack drops the recorder's frames, even without a go4j call")
    void eventWithoutApiCall() {
        StackTraceElement[] s = stack("io.go4j.debug.internal.pprof.StackFilter.currentStack",
                "io.go4j.internal.runtime.Hooks.unblocked", "com.example.App.work");
        assertEquals(List.of("com.example.App.work"), names(StackFilter.ofEvent(s)));
    }

    @Test
    @DisplayName("hidden frames are dropped and stacks are cut to the innermost 64 frames")
    void hiddenAndDepth() {
        StackTraceElement[] s = stack("com.example.App.a", "com.example.App$$Lambda/0x0000000801001.run",
                "java.lang.invoke.LambdaForm$DMH/0x01.invokeVirtual", "java.lang.invoke.Invokers$Holder.invokeExact_MT",
                "com.example.App.b");
        assertEquals(List.of("com.example.App.a", "com.example.App.b"), names(StackFilter.ofSample(s)));

        List<String> deep = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            deep.add("com.example.Deep.f" + i);
        }
        List<String> cut = names(StackFilter.ofSample(stack(deep.toArray(String[]::new))));
        assertEquals(StackFilter.MAX_DEPTH, cut.size());
        assertEquals("com.example.Deep.f0", cut.get(0));
    }

    @Test
    @DisplayName("go4j's public API packages are the core's unqualified exports in its module-info.java")
    void apiPackagesMatchModuleInfo() throws Exception {
        String moduleInfo = Files.readString(Path.of("..", "go4j-core", "src", "main", "java", "module-info.java"));
        Set<String> exported = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*;").matcher(moduleInfo);
        while (m.find()) {
            exported.add(m.group(1));
        }
        assertFalse(exported.isEmpty(), moduleInfo);
        for (String pkg : exported) {
            assertTrue(StackFilter.isApi(pkg + ".Any"), pkg + " is public API");
        }
        Set<String> internal = Set.of("io.go4j.internal.runtime", "io.go4j.internal.chan", "io.go4j.debug",
                "io.go4j.debug.internal.pprof", "io.go4j.debug.pprof");
        assertEquals(Set.of(),
                internal.stream().filter(p -> StackFilter.isApi(p + ".Any")).collect(Collectors.toSet()));
        assertFalse(StackFilter.isApi("io.go4j.sync.sub.X"));
    }
}
