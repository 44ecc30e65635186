package io.go4j.debug.dump;

import static io.go4j.debug.testing.Json.array;
import static io.go4j.debug.testing.Json.object;
import static io.go4j.debug.testing.Json.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.GoroutineDump;
import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.dump.Dumps;
import io.go4j.debug.internal.dump.Json;
import io.go4j.internal.runtime.WaitReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The JSON form and its writer. */
@DisplayName("The JSON goroutine dump")
class JsonDumpTest {
    private final List<Runnable> release = new ArrayList<>();

    @AfterEach
    void releaseGoroutines() {
        release.forEach(Runnable::run);
    }

    @Test
    @DisplayName("JSON escapes quotes, backslashes and control characters, and keeps other text as is")
    void escaping() throws IOException {
        StringBuilder b = new StringBuilder();
        Json.quote(b, "q\"b\\n\nt\tc\u0001d\u007f é 日本 😀");
        assertEquals("\"q\\\"b\\\\n\\nt\\tc\\u0001d\\u007f é 日本 😀\"", b.toString());
    }

    @Test
    @DisplayName("JSON escapes U+2028, U+2029 and unpaired surrogates, which JavaScript or UTF-8 cannot take raw")
    void escapingUnsafe() throws IOException {
        StringBuilder b = new StringBuilder();
        Json.quote(b, "a\u2028b\u2029c\ud800d\udc00e");
        assertEquals("\"a\\u2028b\\u2029c\\ud800d\\udc00e\"", b.toString());
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        StringBuilder q = new StringBuilder();
        Json.quote(q, all.toString());
        assertEquals(all.toString(), parse(q.toString()), "every control character round-trips");
    }

    @Test
    @DisplayName("the JSON writer refuses a value without a name in an object, and unbalanced containers")
    void writerMisuse() throws IOException {
        assertThrows(IllegalStateException.class, () -> new Json(new StringBuilder()).beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new Json(new StringBuilder()).beginArray().endObject());
        Json open = new Json(new StringBuilder()).beginArray();
        assertThrows(IllegalStateException.class, open::finish);
    }

    @Test
    @DisplayName("the dump is one JSON document with the documented members, a blocked goroutine's wait and blocker included")
    void schema() throws IOException {
        Chan<Integer> full = Chan.make(1);
        full.send(7);
        release.add(full::recv);
        Thread[] t = new Thread[1];
        Go.withLabels(Map.of("k", "v\"w"), () -> t[0] = Go.go(() -> full.send(8)));
        Waits.parked(t[0], WaitReason.CHAN_SEND);

        StringBuilder b = new StringBuilder();
        GoroutineDump.write(b, GoroutineDump.Options.json());
        assertTrue(b.toString().endsWith("}\n"), "one document, ending with a newline");
        Map<String, Object> doc = object(parse(b.toString()));

        assertEquals(List.of("schema", "version", "total", "goroutines"), List.copyOf(doc.keySet()));
        assertEquals("go4j.goroutines", doc.get("schema"));
        assertEquals(1L, doc.get("version"));
        List<Object> gs = array(doc.get("goroutines"));
        assertEquals((long) gs.size(), doc.get("total"));
        Map<String, Object> first = object(gs.get(0));
        assertEquals(Thread.currentThread().threadId(), first.get("id"));
        assertEquals(Boolean.TRUE, first.get("current"));

        Map<String, Object> g = gs.stream().map(x -> object(x)).filter(x -> x.get("id").equals(t[0].threadId()))
                .findFirst().orElseThrow();
        assertEquals(List.of("id", "name", "kind", "current", "system", "virtual", "lockedToThread", "threadState",
                "status", "leaked", "waitReason", "waitMinutes", "waitNanos", "labels", "creatorId", "createdBy", "blocker",
                "frames"), List.copyOf(g.keySet()));
        assertEquals("goroutine", g.get("kind"));
        assertEquals("chan send", g.get("status"));
        assertEquals(Boolean.FALSE, g.get("leaked"));
        assertEquals("chan send", g.get("waitReason"));
        assertEquals(0L, g.get("waitMinutes"));
        assertTrue((Long) g.get("waitNanos") >= 0);
        assertEquals(Map.of("k", "v\"w"), g.get("labels"));
        assertEquals(Thread.currentThread().threadId(), g.get("creatorId"));
        assertEquals(JsonDumpTest.class.getName() + ".lambda$schema$0", object(g.get("createdBy")).get("function"));
        Map<String, Object> blocker = object(g.get("blocker"));
        assertEquals("chan", blocker.get("type"));
        assertEquals(1L, blocker.get("len"));
        assertEquals(1L, blocker.get("cap"));

        List<Map<String, Object>> frames = array(g.get("frames")).stream().map(x -> object(x)).toList();
        Map<String, Object> recv = frames.stream().filter(f -> f.get("function").equals("io.go4j.Chan.send"))
                .findFirst().orElseThrow();
        assertEquals(Boolean.FALSE, recv.get("hidden"));
        assertEquals("io/go4j/Chan.java", recv.get("file"));
        assertEquals(Boolean.TRUE, frames.get(0).get("hidden"), "the JDK's park frame: " + frames.get(0));
        assertEquals(Boolean.TRUE, frames.get(frames.size() - 1).get("hidden"), "the thread start");
    }

    @Test
    @DisplayName("without exact waits and blockers, their members are left out")
    void optionalMembers() throws IOException {
        Snapshot s = new Snapshot(0, List.of(FullDumpTest.waiting(3, WaitReason.SELECT, 0, Map.of())));
        StringBuilder b = new StringBuilder();
        Dumps.write(b, Dumps.Style.JSON, Dumps.Settings.GO, s, -1);
        Map<String, Object> g = object(array(object(parse(b.toString())).get("goroutines")).get(0));
        assertTrue(!g.containsKey("waitNanos") && !g.containsKey("blocker"), g.toString());
        assertEquals("select", g.get("waitReason"));
    }

    @Test
    @DisplayName("the JDK's and go4j's own threads are in the JSON, marked system")
    void systemThreadsMarked() throws IOException {
        StringBuilder b = new StringBuilder();
        GoroutineDump.write(b, GoroutineDump.Options.json());
        Map<String, Object> ref = array(object(parse(b.toString())).get("goroutines")).stream().map(x -> object(x))
                .filter(g -> g.get("name").equals("Reference Handler")).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, ref.get("system"));
        assertEquals("other", ref.get("kind"));
    }
}
