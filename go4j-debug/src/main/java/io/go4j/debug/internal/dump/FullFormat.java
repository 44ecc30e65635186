package io.go4j.debug.internal.dump;

import io.go4j.debug.internal.Snapshot;
import java.io.IOException;
import java.util.List;

/**
 * FullFormat writes every goroutine's stack as Go's {@code runtime.Stack(buf, true)} and pprof's
 * {@code goroutine?debug=2} do:
 *
 * <pre>
 * goroutine 42 [chan receive, 3 minutes]:
 * io.go4j.Chan.recv(...)
 * 	io/go4j/Chan.java:127
 * io.example.Main.worker(...)
 * 	io/example/Main.java:12
 * created by io.example.Main.main in goroutine 1
 * 	io/example/Main.java:30
 * </pre>
 *
 * <p>One block per goroutine, a blank line between blocks, none after the last. The header is
 * Go's: the status (a wait reason, {@code running}, {@code runnable}, {@code waiting},
 * {@code sleep}, {@code IO wait}), {@code , N minutes} from one minute of waiting on,
 * {@code , locked to thread} for a goroutine started by {@code goLocked}, and the labels in Go
 * 1.26's form ({@code  labels:{"k": "v"}}) last inside the brackets. Each frame is Go's pair of
 * lines: the function with {@code (...)} (Go's mark for a frame whose arguments are not shown),
 * then a tab and {@code file:line}; Java has no program counter, so the {@code  +0x..} that Go
 * appends to most file lines is left out, as Go leaves it out for inlined frames. A goroutine
 * started by {@code go()} ends with {@code created by F in goroutine N} and the go statement's
 * file and line. A goroutine whose stack could not be taken shows Go's
 * {@code goroutine running on other thread; stack unavailable} line.
 *
 * <p>Beyond Go, only when asked: one line right after the header, starting with {@code "# "}
 * (the comment prefix of pprof's {@code debug=1} text), e.g.
 * {@code # waited 3m15.25s on chan 17 (len 0, cap 0)} or
 * {@code # on sync.Mutex@1b6d3586 held by goroutine 12}. A parser of Go's format reads these
 * dumps if it skips lines that start with {@code "# "}; without the options the output is Go's.
 */
final class FullFormat {
    private FullFormat() {}

    static void write(Appendable out, List<Row> rows, Dumps.Settings settings) throws IOException {
        StringBuilder b = new StringBuilder(256 * rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                b.append('\n');
            }
            block(b, rows.get(i), settings);
        }
        out.append(b);
    }

    private static void block(StringBuilder b, Row r, Dumps.Settings settings) {
        b.append(r.header()).append('\n');
        String extras = r.extras(settings.exactWaits());
        if (extras != null) {
            b.append(extras).append('\n');
        }
        if (r.shown().isEmpty()) {
            b.append("\tgoroutine running on other thread; stack unavailable\n");
        }
        for (GoFrame f : r.shown()) {
            b.append(f.function()).append("(...)\n");
            fileLine(b, f);
        }
        GoFrame site = r.createdBy();
        Snapshot.Kind kind = r.entry().kind();
        if (site != null && (kind == Snapshot.Kind.GOROUTINE || kind == Snapshot.Kind.LEAKED)) {
            b.append("created by ").append(site.function());
            if (r.entry().creatorId() != 0) {
                b.append(" in goroutine ").append(r.entry().creatorId());
            }
            b.append('\n');
            fileLine(b, site);
        }
    }

    private static void fileLine(StringBuilder b, GoFrame f) {
        b.append('\t').append(f.file()).append(':').append(f.goLine()).append('\n');
    }
}
