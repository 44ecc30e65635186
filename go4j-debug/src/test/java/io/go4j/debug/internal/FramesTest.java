package io.go4j.debug.internal;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.internal.dump.GoFrame;
import io.go4j.debug.internal.dump.Row;
import io.go4j.debug.internal.pprof.GoroutineProfile;
import io.go4j.debug.internal.pprof.ProfileData;
import io.go4j.debug.internal.pprof.ProfileStacks;
import io.go4j.debug.internal.pprof.Sample;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;
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

@DisplayName("The one rule for a goroutine's frames, in dumps and profiles")
class FramesTest {

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
                "com.example.App.lambda$main$0"), names(Frames.shown(s)));
    }

    @Test
    @DisplayName("go4j's internals parking through JDK code are hidden down to the go4j call")
    void internalsParkingThroughTheJdk() {
        StackTraceElement[] s = stack(withStart("jdk.internal.vm.Continuation.yield",
                "java.lang.VirtualThread.parkNanos", "java.lang.Thread.sleepNanos", "java.lang.Thread.sleep",
                "io.go4j.internal.runtime.Sleeper.sleep", "io.go4j.time.Time.sleep", "com.example.App.nap"));
        assertEquals(List.of("io.go4j.time.Time.sleep", "com.example.App.nap"), names(Frames.shown(s)));
    }

    @Test
    @DisplayName("a goroutine waiting outside go4j keeps the JDK's frames below the park, even inside a go4j callback")
    void waitingOutsideGo4j() {
        StackTraceElement[] s = stack(withStart("java.lang.Thread.sleep0", "java.lang.Thread.sleep",
                "com.example.App.nap", "io.go4j.Go.withLabels", "com.example.App.run"));
        assertEquals(List.of("java.lang.Thread.sleep0", "java.lang.Thread.sleep", "com.example.App.nap",
                "io.go4j.Go.withLabels", "com.example.App.run"), names(Frames.shown(s)));

        StackTraceElement[] lock = stack(withStart("jdk.internal.vm.Continuation.yield",
                "java.lang.VirtualThread.park", "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire",
                "java.util.concurrent.locks.ReentrantLock.lock", "com.example.App.locked"));
        assertEquals(List.of("java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire",
                "java.util.concurrent.locks.ReentrantLock.lock", "com.example.App.locked"), names(Frames.shown(lock)));
    }

    @Test
    @DisplayName("an event's stack drops the recorder's frames, even without a go4j call")
    void eventWithoutApiCall() {
        StackTraceElement[] s = stack("io.go4j.debug.internal.Frames.currentStack",
                "io.go4j.internal.runtime.Hooks.unblocked", "com.example.App.work");
        assertEquals(List.of("com.example.App.work"), names(Frames.shown(s)));
    }

    @Test
    @DisplayName("a stack of machinery only is shown whole, as Go does")
    void machineryOnly() {
        StackTraceElement[] s = stack("java.util.concurrent.locks.LockSupport.park", "java.lang.VirtualThread.run");
        assertEquals(names(s), names(Frames.shown(s)));
    }

    @Test
    @DisplayName("hidden frames are dropped, a CPU sample keeps its top, and profiles keep the innermost 64 frames")
    void hiddenAndDepth() {
        StackTraceElement[] s = stack("com.example.App.a", "com.example.App$$Lambda/0x0000000801001.run",
                "java.lang.invoke.LambdaForm$DMH/0x01.invokeVirtual", "java.lang.invoke.Invokers$Holder.invokeExact_MT",
                "com.example.App.b");
        assertEquals(List.of("com.example.App.a", "com.example.App.b"), names(Frames.shown(s)));

        StackTraceElement[] cpu = stack(withStart("io.go4j.internal.chan.HChan.spin", "io.go4j.Chan.send",
                "com.example.App.produce"));
        assertEquals(List.of("io.go4j.internal.chan.HChan.spin", "io.go4j.Chan.send", "com.example.App.produce"),
                names(ProfileStacks.ofSample(cpu)));

        List<String> deep = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            deep.add("com.example.Deep.f" + i);
        }
        List<String> cut = names(ProfileStacks.ofSample(stack(deep.toArray(String[]::new))));
        assertEquals(ProfileStacks.MAX_DEPTH, cut.size());
        assertEquals("com.example.Deep.f0", cut.get(0));
    }

    @Test
    @DisplayName("a goroutine's top function (go4j-test's ignore rule) is its innermost shown frame outside the JDK and go4j")
    void topFunction() {
        StackTraceElement[] inGo4j = stack(withStart("java.lang.VirtualThread.park",
                "io.go4j.internal.runtime.Waiter.park", "io.go4j.Chan.recv", "io.go4j.Chan.recvOk",
                "com.example.App.worker", "com.example.App.lambda$main$0"));
        assertEquals("com.example.App.worker", Frames.topFunction(inGo4j));
        StackTraceElement[] inTheJdk = stack(withStart("java.lang.VirtualThread.park", "java.lang.Thread.sleep",
                "io.go4j.time.Time.sleep", "com.example.App.sleeper"));
        assertEquals("com.example.App.sleeper", Frames.topFunction(inTheJdk));
        StackTraceElement[] machineryOnly = stack(withStart("java.lang.VirtualThread.park", "io.go4j.Chan.recv"));
        assertNull(Frames.topFunction(machineryOnly));
        assertNull(Frames.topFunction(new StackTraceElement[0]));
    }

    @Test
    @DisplayName("a source path is the package's directories and the file, or the top-level class's name without one")
    void sourcePath() {
        assertEquals("io/go4j/Chan.java", Frames.sourcePath("io.go4j.Chan$Inner", "Chan.java"));
        assertEquals("io/go4j/Chan.java", Frames.sourcePath("io.go4j.Chan$Inner", null));
        assertEquals("Top.java", Frames.sourcePath("Top", null));
        assertEquals("io.go4j.Chan.recv", Frames.function(new StackTraceElement("io.go4j.Chan", "recv", null, -1)));
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
        assertEquals(exported, Frames.API_PACKAGES);
        Set<String> internal = Set.of("io.go4j.internal.runtime", "io.go4j.internal.chan", "io.go4j.debug",
                "io.go4j.debug.internal.pprof", "io.go4j.debug.pprof");
        assertEquals(Set.of(),
                internal.stream().filter(p -> Frames.isApi(p + ".Any")).collect(Collectors.toSet()));
        assertFalse(Frames.isApi("io.go4j.sync.sub.X"));
    }

    @Test
    @DisplayName("a live goroutine's dump frames and its goroutine-profile stack are the same functions")
    void dumpAndProfileAgree() throws Exception {
        Chan<Integer> c = Chan.make();
        Thread t = Go.go(() -> parkedHere(c));
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            Goroutine g;
            while ((g = Registry.of(t)) == null || g.waitReason() != WaitReason.CHAN_RECEIVE) {
                assertTrue(System.nanoTime() < deadline, "the goroutine parked in a receive");
                Thread.sleep(1);
            }
            Snapshot.Entry e = Snapshot.entryOf(g, Thread::getStackTrace);
            Snapshot snap = new Snapshot(System.nanoTime(), List.of(e));
            List<String> dump = Row.of(e, snap.taken(), false, false, false).shown().stream()
                    .map(GoFrame::function).toList();
            ProfileData p = GoroutineProfile.data(snap);
            assertEquals(1, p.samples().size(), p.toString());
            Sample sample = p.samples().get(0);
            List<String> profile = sample.stack().stream().map(f -> f.function()).toList();
            assertEquals(dump, profile);
            assertTrue(dump.get(0).startsWith("io.go4j.Chan.recv"), "starts at the go4j call: " + dump);
            assertTrue(dump.contains(FramesTest.class.getName() + ".parkedHere"), dump.toString());
            assertTrue(dump.get(dump.size() - 1).contains("lambda$dumpAndProfileAgree"), "ends with the task: " + dump);
        } finally {
            c.close();
            assertTrue(t.join(java.time.Duration.ofSeconds(20)), "the goroutine ended");
        }
    }

    private static void parkedHere(Chan<Integer> c) {
        c.recv();
    }
}
