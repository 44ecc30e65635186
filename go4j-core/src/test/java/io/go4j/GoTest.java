package io.go4j;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** Goroutines: identity, the registry, GOMAXPROCS. */
class GoTest {

    @Test
    @DisplayName("a goroutine is a virtual thread whose id is its threadId")
    void goroutineIsVirtualThreadWithThreadId() throws Exception {
        AtomicLong seen = new AtomicLong();
        AtomicReference<Boolean> virtual = new AtomicReference<>();
        Thread t = go(() -> {
            seen.set(Go.goid());
            virtual.set(Thread.currentThread().isVirtual());
        });
        assertTrue(t.join(Duration.ofSeconds(10)));
        assertEquals(t.threadId(), seen.get());
        assertTrue(virtual.get());
    }

    @Test
    @DisplayName("numGoroutine counts live goroutines and drops them when they return")
    void numGoroutineCountsLiveGoroutines() throws Exception {
        int before = Go.numGoroutine();
        Chan<Integer> release = Chan.make();
        int n = 50;
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = go(release::recv);
        }
        assertTrue(Go.numGoroutine() >= before + n, "counted as soon as go() returns");
        release.close();
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(10)));
        }
        TestSupport.awaitCondition("goroutines deregistered after they return",
                () -> Go.numGoroutine() <= before);
    }

    @Test
    @DisplayName("the registry records name, creator goroutine, creation site and wait start")
    void registryRecordsCreatorSiteAndWaitStart() throws Exception {
        Chan<String> never = Chan.make();
        Instant before = Instant.now();
        Thread t = go("worker-1", () -> {
            try {
                never.recv();
            } catch (GoInterruptedException expected) {
                // the test ends the wait
            }
        });
        try {
            TestSupport.awaitWaitReason(t, "chan receive");
            GoroutineInfo g = TestSupport.infoOf(t);
            assertEquals("worker-1", g.name());
            assertEquals(Thread.currentThread().threadId(), g.creatorId());
            assertNotNull(g.createdBy());
            assertEquals(GoTest.class.getName(), g.createdBy().getClassName());
            assertEquals("registryRecordsCreatorSiteAndWaitStart", g.createdBy().getMethodName());
            assertNotNull(g.waitingSince());
            assertFalse(g.waitingSince().isBefore(before.minusMillis(50)), "wait began after the test started");
            assertFalse(g.waitingSince().isAfter(Instant.now().plusMillis(50)), "wait began in the past");
            assertEquals("chan receive", g.status());
        } finally {
            t.interrupt();
            assertTrue(t.join(Duration.ofSeconds(10)));
        }
    }

    @Test
    @DisplayName("a goroutine that is not waiting has no wait reason")
    void runningGoroutineHasNoWaitReason() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread t = go(() -> {
            running.countDown();
            while (finish.getCount() > 0) {
                Thread.onSpinWait();
            }
        });
        try {
            assertTrue(running.await(10, TimeUnit.SECONDS));
            GoroutineInfo g = Go.goroutines().stream().filter(i -> i.id() == t.threadId()).findFirst().orElseThrow();
            assertNull(g.waitReason());
            assertNull(g.waitingSince());
        } finally {
            finish.countDown();
            assertTrue(t.join(Duration.ofSeconds(10)));
        }
    }

    @Test
    @DisplayName("a goroutine parked outside go4j has status waiting, with no wait reason")
    void parkedOutsideGo4jIsWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = go(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            TestSupport.awaitCondition("goroutine parked in CountDownLatch.await",
                    () -> t.getState() == Thread.State.WAITING);
            GoroutineInfo g = TestSupport.infoOf(t);
            assertNull(g.waitReason());
            assertEquals("waiting", g.status());
        } finally {
            release.countDown();
            assertTrue(t.join(Duration.ofSeconds(10)));
        }
    }

    @Test
    @DisplayName("goroutines() is ordered by id")
    void goroutinesOrderedById() throws Exception {
        Chan<Integer> release = Chan.make();
        Thread a = go(release::recv);
        Thread b = go(release::recv);
        try {
            List<Long> ids = Go.goroutines().stream().map(GoroutineInfo::id).toList();
            assertEquals(ids.stream().sorted().toList(), ids);
            assertTrue(ids.contains(a.threadId()) && ids.contains(b.threadId()));
        } finally {
            release.close();
            assertTrue(a.join(Duration.ofSeconds(10)) && b.join(Duration.ofSeconds(10)));
        }
    }

    @Test
    @DisplayName("maxProcs is the virtual-thread scheduler's parallelism")
    void maxProcsIsSchedulerParallelism() {
        String configured = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        int expected = configured != null ? Integer.parseInt(configured) : Runtime.getRuntime().availableProcessors();
        assertEquals(expected, Go.maxProcs());
    }

    @Test
    @DisplayName("setMaxProcs changes GOMAXPROCS on JDK 24+ and is unsupported before")
    void setMaxProcsOnJdk24OrUnsupported() {
        int original = Go.maxProcs();
        if (Runtime.version().feature() >= 24) {
            int previous = Go.setMaxProcs(original + 1);
            try {
                assertEquals(original, previous);
                assertEquals(original + 1, Go.maxProcs());
            } finally {
                Go.setMaxProcs(original);
            }
            assertEquals(original, Go.maxProcs());
        } else {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Go.setMaxProcs(2));
            assertTrue(e.getMessage().contains("jdk.virtualThreadScheduler.parallelism"));
        }
        assertThrows(IllegalArgumentException.class, () -> Go.setMaxProcs(0));
    }

    @Test
    @DisplayName("setMaxProcs in a JVM without the jdk.management module says that module is missing (JDK 24+)")
    void setMaxProcsWithoutManagementModuleNamesIt() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--limit-modules", "java.base",
                "-cp", System.getProperty("java.class.path"), SetMaxProcsMain.class.getName())
                .redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child JVM did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            int feature = Runtime.version().feature();
            assertEquals("unsupported: " + Go.maxProcsUnsupported(feature, false, 3), out.strip(),
                    "the message for JDK " + feature + " without jdk.management");
            if (feature >= 24) {
                assertFalse(out.contains("JDK 24+"), "it is JDK " + feature + ": the JDK is not what is missing");
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    @DisplayName("setMaxProcs's refusal names what is missing: JDK 24+, the jdk.management module, or the bean")
    void setMaxProcsRefusalNamesWhatIsMissing() {
        assertEquals("setMaxProcs needs JDK 24+ (jdk.management.VirtualThreadSchedulerMXBean); on JDK 21 start"
                + " the JVM with -Djdk.virtualThreadScheduler.parallelism=4", Go.maxProcsUnsupported(21, true, 4));
        assertEquals(Go.maxProcsUnsupported(23, true, 4), Go.maxProcsUnsupported(23, false, 4),
                "before JDK 24 the module does not matter");
        String noModule = Go.maxProcsUnsupported(25, false, 4);
        assertTrue(noModule.startsWith("setMaxProcs needs the jdk.management module"), noModule);
        assertTrue(noModule.contains("--add-modules jdk.management"), noModule);
        assertTrue(noModule.endsWith("-Djdk.virtualThreadScheduler.parallelism=4"), noModule);
        String noBean = Go.maxProcsUnsupported(25, true, 4);
        assertTrue(noBean.startsWith("setMaxProcs: this JVM provides no jdk.management.VirtualThreadSchedulerMXBean"), noBean);
        assertFalse(noBean.contains("JDK 24+"), noBean);
    }
}
