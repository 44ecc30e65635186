package io.go4j.debug.leak;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.debug.GoroutineDump;
import io.go4j.debug.Leaks;
import io.go4j.debug.PprofServer;
import io.go4j.debug.internal.pprof.GoroutineProfile;
import io.go4j.debug.internal.pprof.Sample;
import io.go4j.debug.testing.Await;
import io.go4j.debug.testing.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Goroutines proven leaked appear in every goroutine dump after the live ones, marked as Go 1.26
 * marks them: the full dump's {@code [chan receive (leaked)]} (FullDump's own test is in
 * {@link GoroutineLeakProfileInLeakModeTest#fullDump}), the grouped dump and the goroutine
 * profile count them, the JSON dump says {@code "leaked": true}, which the goroutine page reads.
 * Runs in the leak-mode surefire execution.
 */
@EnabledIfSystemProperty(named = "go4j.leakDetection", matches = "true",
        disabledReason = "needs -Dgo4j.leakDetection=true -Djdk.trackAllThreads=false (the leak-mode surefire execution)")
@DisplayName("Leaked goroutines in the dumps")
class LeakedInDumpsInLeakModeTest {
    private static final String TEST = LeakedInDumpsInLeakModeTest.class.getName() + ".";

    static void leakedInJson(Chan<Integer> c) {
        c.recvOk();
    }

    static void leakedInGroups(Chan<Integer> c) {
        c.recvOk();
    }

    static void leakedOnPage(Chan<Integer> c) {
        c.recvOk();
    }

    /** Starts {@code n} goroutines leaking in {@code which}, proves them leaked; returns their ids only. */
    private static Set<Long> leak(int n, int which) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Chan<Integer> c = Chan.make();
            threads.add(switch (which) {
                case 0 -> go(() -> leakedInJson(c));
                case 1 -> go(() -> leakedInGroups(c));
                default -> go(() -> leakedOnPage(c));
            });
        }
        Await.parked("chan receive", threads);
        Set<Long> ids = threads.stream().map(Thread::threadId).collect(Collectors.toSet());
        threads.clear();
        return ids;
    }

    private static Set<Long> prove(Set<Long> ids) {
        Set<Long> found = Leaks.find().stream().map(Leaks.LeakedGoroutine::id).collect(Collectors.toSet());
        assertTrue(found.containsAll(ids), "proven " + found + ", planted " + ids);
        return ids;
    }

    @Test
    @DisplayName("the JSON dump marks them leaked, kind leaked, status with (leaked), after every live goroutine")
    void json() throws Exception {
        Set<Long> ids = prove(leak(2, 0));
        StringBuilder b = new StringBuilder();
        GoroutineDump.write(b, GoroutineDump.Options.json());
        List<Object> gs = Json.array(Json.object(Json.parse(b.toString())).get("goroutines"));
        int lastLive = -1;
        int firstLeaked = Integer.MAX_VALUE;
        int mine = 0;
        for (int i = 0; i < gs.size(); i++) {
            Map<String, Object> g = Json.object(gs.get(i));
            if (Boolean.TRUE.equals(g.get("leaked"))) {
                firstLeaked = Math.min(firstLeaked, i);
                assertEquals("leaked", g.get("kind"), g.toString());
            } else {
                lastLive = i;
            }
            if (ids.contains((Long) g.get("id"))) {
                mine++;
                assertEquals(Boolean.TRUE, g.get("leaked"), g.toString());
                assertEquals("chan receive (leaked)", g.get("status"));
                assertEquals("chan receive", g.get("waitReason"));
                assertEquals(Boolean.TRUE, g.get("virtual"));
                String frames = String.valueOf(g.get("frames"));
                assertTrue(frames.contains(TEST + "leakedInJson"), frames);
                assertTrue(g.get("createdBy") != null, g.toString());
            }
        }
        assertEquals(2, mine, b.toString());
        assertTrue(lastLive < firstLeaked, "the leaked follow the live ones: " + lastLive + " < " + firstLeaked);
    }

    @Test
    @DisplayName("the grouped dump and the goroutine profile count them with the live goroutines")
    void groupedAndProfile() throws Exception {
        prove(leak(3, 1));
        StringBuilder b = new StringBuilder();
        GoroutineDump.write(b, GoroutineDump.Options.grouped());
        String dump = b.toString();
        String group = List.of(dump.split("\n\n")).stream().filter(g -> g.contains(TEST + "leakedInGroups+0x"))
                .findFirst().orElseThrow(() -> new AssertionError("no group of leakedInGroups in\n" + dump));
        assertTrue(group.startsWith("3 @ ") || group.contains("\n3 @ "), group);

        List<Sample> samples = GoroutineProfile.data().samples().stream()
                .filter(s -> s.stack().stream().anyMatch(f -> f.function().equals(TEST + "leakedInGroups"))).toList();
        assertEquals(1, samples.size(), samples.toString());
        assertEquals(3, samples.get(0).values()[0]);
    }

    @Test
    @DisplayName("the goroutine page's data (goroutines.json over HTTP) has them with \"leaked\": true")
    void pageData() throws Exception {
        Set<Long> ids = prove(leak(2, 2));
        try (PprofServer server = PprofServer.start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.uri().resolve("goroutines.json")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            long leaked = Json.array(Json.object(Json.parse(r.body())).get("goroutines")).stream().map(Json::object)
                    .filter(g -> ids.contains((Long) g.get("id")) && Boolean.TRUE.equals(g.get("leaked"))).count();
            assertEquals(2, leaked, r.body());
        }
    }
}
