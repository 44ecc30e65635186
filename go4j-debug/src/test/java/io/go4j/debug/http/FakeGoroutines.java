package io.go4j.debug.http;

import io.go4j.debug.testing.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A goroutine JSON document in the shape the page reads (see goroutines.js: {@code id},
 * {@code status}, {@code waitReason}, {@code waitSeconds}, {@code labels}, {@code createdBy},
 * {@code creatorId}, {@code frames} of {@code {function, file, line}}), with four groups whose
 * counts, states, waits and labels the page tests know:
 *
 * <pre>
 *   900  chan receive  com.example.Worker.run       job=ingest (450), job=export (450)  waits 10..909 s
 *   100  select        com.example.Poller.poll      job=poll                            waits up to 3600 s
 *     5  running       com.example.Cruncher.spin    (no labels)                         no wait
 *     1  sync.Mutex.Lock com.example.Cache.get      note=&lt;/script&gt;&lt;img ...&gt;  waits 7200 s
 * </pre>
 *
 * Sorted by count the groups are 900, 100, 5, 1; by longest wait 1, 100, 900, 5.
 */
final class FakeGoroutines {
    static final String EVIL_LABEL = "</script><img src=x onerror=\"document.title='pwned'\">";

    private FakeGoroutines() {}

    static String json() {
        List<Object> all = new ArrayList<>();
        long id = 100;
        for (int i = 0; i < 900; i++) {
            all.add(goroutine(id++, "chan receive", 10.0 + i, Map.of("job", i % 2 == 0 ? "ingest" : "export"),
                    List.of(frame("io.go4j.Chan.recv", "Chan.java", 126),
                            frame("com.example.Worker.run", "Worker.java", 42),
                            frame("com.example.Main.lambda$main$0", "Main.java", 17))));
        }
        for (int i = 0; i < 100; i++) {
            all.add(goroutine(id++, "select", 36.0 * (i + 1), Map.of("job", "poll"),
                    List.of(frame("io.go4j.Select.choose", "Select.java", 88),
                            frame("com.example.Poller.poll", "Poller.java", 31))));
        }
        for (int i = 0; i < 5; i++) {
            all.add(goroutine(id++, null, null, Map.of(),
                    List.of(frame("com.example.Cruncher.spin", "Cruncher.java", 9))));
        }
        all.add(goroutine(id, "sync.Mutex.Lock", 7200.0, Map.of("note", EVIL_LABEL),
                List.of(frame("io.go4j.sync.Mutex.lock", "Mutex.java", 140),
                        frame("com.example.Cache.get", "Cache.java", 77))));
        return Json.write(Map.of("goroutines", all));
    }

    private static Map<String, Object> goroutine(long id, String waitReason, Double waitSeconds,
                                                 Map<String, String> labels, List<Object> frames) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", id);
        g.put("status", waitReason == null ? "running" : waitReason);
        g.put("waitReason", waitReason);
        g.put("waitSeconds", waitSeconds);
        g.put("labels", labels);
        g.put("createdBy", frame("com.example.Main.main", "Main.java", 12));
        g.put("creatorId", 1);
        g.put("frames", frames);
        return g;
    }

    private static Map<String, Object> frame(String function, String file, int line) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("function", function);
        f.put("file", file);
        f.put("line", line);
        return f;
    }
}
