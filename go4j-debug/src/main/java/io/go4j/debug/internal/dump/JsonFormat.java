package io.go4j.debug.internal.dump;

import io.go4j.debug.internal.Snapshot;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JsonFormat writes the goroutines as one JSON document, the schema of which
 * {@code io.go4j.debug.GoroutineDump} documents (version 1). Every goroutine is there, system
 * threads included ({@code "system": true}), with every frame ({@code "hidden": true} on those a
 * Go-style dump leaves out), so a tool can apply Go's rules or not.
 */
final class JsonFormat {
    /** The schema's name and version; bump the version on any incompatible change. */
    static final String SCHEMA = "go4j.goroutines";
    static final int VERSION = 1;

    private JsonFormat() {}

    static void write(Appendable out, List<Row> rows, Dumps.Settings settings) throws IOException {
        StringBuilder b = new StringBuilder(1024 * rows.size());
        Json j = new Json(b);
        j.beginObject()
                .name("schema").value(SCHEMA)
                .name("version").value(VERSION)
                .name("total").value(rows.size())
                .name("goroutines").beginArray();
        for (Row r : rows) {
            goroutine(j, r, settings);
        }
        j.endArray().endObject();
        j.finish();
        out.append(b).append('\n');
    }

    private static void goroutine(Json j, Row r, Dumps.Settings settings) throws IOException {
        var e = r.entry();
        j.beginObject()
                .name("id").value(r.id())
                .name("name").value(e.name())
                .name("kind").value(e.kind().name().toLowerCase(Locale.ROOT))
                .name("current").value(r.current())
                .name("system").value(r.system())
                .name("virtual").value(e.thread() == null || e.thread().isVirtual())   // a leaked one was virtual
                .name("lockedToThread").value(e.lockedToThread())
                .name("threadState").value(e.state().name())
                .name("status").value(e.status())
                .name("leaked").value(e.kind() == Snapshot.Kind.LEAKED)
                .name("waitReason").value(e.waitReason() == null ? null : e.waitReason().goText())
                .name("waitMinutes").value(r.waitMinutes());
        if (settings.exactWaits()) {
            j.name("waitNanos").value(r.waitNanos() < 0 ? null : r.waitNanos());
        }
        j.name("labels").beginObject();
        for (Map.Entry<String, String> l : r.labels().entrySet()) {
            j.name(l.getKey()).value(l.getValue());
        }
        j.endObject();
        j.name("creatorId").value(e.creatorId() == 0 ? null : e.creatorId());
        j.name("createdBy");
        if (r.createdBy() == null) {
            j.nullValue();
        } else {
            frame(j, r.createdBy(), null);
        }
        if (settings.blockers()) {
            j.name("blocker");
            blocker(j, r.blocker());
        }
        j.name("frames").beginArray();
        List<GoFrame> shown = r.shown();
        for (GoFrame f : r.frames()) {
            frame(j, f, !containsSame(shown, f));
        }
        j.endArray().endObject();
    }

    /** Whether {@code shown} (frames of the same list) holds this very frame object. */
    private static boolean containsSame(List<GoFrame> shown, GoFrame f) {
        for (GoFrame s : shown) {
            if (s == f) {
                return true;
            }
        }
        return false;
    }

    private static void frame(Json j, GoFrame f, Boolean hidden) throws IOException {
        j.beginObject()
                .name("function").value(f.function())
                .name("file").value(f.file())
                .name("line").value(f.goLine())
                .name("class").value(f.className())
                .name("method").value(f.methodName())
                .name("module").value(f.module())
                .name("sourceFile").value(f.fileName())
                .name("native").value(f.nativeMethod());
        if (hidden != null) {
            j.name("hidden").value(hidden.booleanValue());
        }
        j.endObject();
    }

    private static void blocker(Json j, BlockerView b) throws IOException {
        switch (b) {
            case null -> j.nullValue();
            case BlockerView.Chan c -> chan(j, c);
            case BlockerView.Select s -> {
                j.beginObject().name("type").value("select").name("chans").beginArray();
                for (BlockerView.Chan c : s.chans()) {
                    if (c == null) {
                        j.nullValue();
                    } else {
                        chan(j, c);
                    }
                }
                j.endArray().endObject();
            }
            case BlockerView.Lock l -> j.beginObject().name("type").value(l.type()).name("identity").value(l.identity())
                    .name("holder").value(l.holder()).endObject();
            case BlockerView.Other o -> j.beginObject().name("type").value(o.type()).name("identity").value(o.identity())
                    .name("description").value(o.description()).endObject();
        }
    }

    private static void chan(Json j, BlockerView.Chan c) throws IOException {
        j.beginObject().name("type").value("chan").name("id").value(c.id()).name("len").value(c.len())
                .name("cap").value(c.cap()).endObject();
    }
}
