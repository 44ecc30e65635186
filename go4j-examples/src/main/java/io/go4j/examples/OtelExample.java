package io.go4j.examples;

import io.go4j.Go;
import io.go4j.context.Context;
import io.go4j.errgroup.Group;
import io.go4j.otel.GoOtel;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * OtelExample shows go4j-otel: after {@code GoOtel.install()}, a span current where goroutines are
 * started is the parent of the spans they start, through an errgroup fan-out and a goroutine
 * started by each task, with no context passed by hand. The spans go to the OpenTelemetry SDK's
 * in-memory exporter and are printed as a tree, from their parent ids:
 *
 * <pre>
 * 1 trace, 7 spans
 * handle
 *   fetch backend-0
 *     decode backend-0
 *   fetch backend-1
 *     decode backend-1
 *   fetch backend-2
 *     decode backend-2
 * </pre>
 *
 * <p>Without {@code GoOtel.install()} each goroutine starts with no current span: the same code
 * gives 7 traces of one span each.
 */
public final class OtelExample {
    /** The backends the request fans out to, one errgroup task each. */
    public static final List<String> BACKENDS = List.of("backend-0", "backend-1", "backend-2");

    private static final Duration WAIT = Duration.ofSeconds(30);

    private OtelExample() {}

    /**
     * Handles one request with {@code GoOtel.install()} in force and returns its spans as a tree.
     *
     * @return the trace count, the span count, then one line per span, children indented under
     *         their parent and sorted by name
     * @throws Exception if a backend task failed
     */
    public static String run() throws Exception {
        return run(true);
    }

    /**
     * Handles one request, with or without {@code GoOtel.install()}, and returns its spans as a
     * tree, as {@link #run()} does.
     *
     * @param install whether to install go4j-otel's propagation for the request
     * @return the tree
     * @throws Exception if a backend task failed
     */
    public static String run(boolean install) throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Tracer tracer = provider.get("io.go4j.examples");
            if (install) {
                GoOtel.install();   // once, at start-up, in an application
            }
            try {
                handle(tracer);
            } finally {
                if (install) {
                    GoOtel.uninstall();
                }
            }
            return tree(exporter.getFinishedSpanItems());
        }
    }

    /** The request: a span, and a fan-out to the backends in an errgroup. */
    private static void handle(Tracer tracer) throws Exception {
        Span span = tracer.spanBuilder("handle").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            var g = Group.withContext(Context.background());
            for (String backend : BACKENDS) {
                g.group().go(() -> fetch(tracer, backend));   // a goroutine: its span is a child of "handle"
            }
            Exception failed = g.group().await();
            if (failed != null) {
                throw failed;
            }
        } finally {
            span.end();
        }
    }

    /** An errgroup task: its span, and a goroutine of its own whose span is the next level down. */
    private static void fetch(Tracer tracer, String backend) throws InterruptedException {
        Span span = tracer.spanBuilder("fetch " + backend).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Thread decoder = Go.go(() -> tracer.spanBuilder("decode " + backend).startSpan().end());
            if (!decoder.join(WAIT)) {
                throw new IllegalStateException("decode " + backend + " did not finish in " + WAIT);
            }
        } finally {
            span.end();
        }
    }

    /** Formats spans as a tree from their parent ids (a span whose parent is not here is a root). */
    static String tree(List<SpanData> spans) {
        Map<String, List<SpanData>> children = spans.stream()
                .collect(Collectors.groupingBy(SpanData::getParentSpanId));
        List<String> ids = spans.stream().map(SpanData::getSpanId).toList();
        long traces = spans.stream().map(SpanData::getTraceId).distinct().count();
        StringBuilder sb = new StringBuilder();
        sb.append(traces).append(traces == 1 ? " trace, " : " traces, ").append(spans.size()).append(" spans\n");
        spans.stream().filter(s -> !ids.contains(s.getParentSpanId()))
                .sorted(Comparator.comparing(SpanData::getName))
                .forEach(root -> append(sb, root, children, 0));
        return sb.toString();
    }

    private static void append(StringBuilder sb, SpanData span, Map<String, List<SpanData>> children, int depth) {
        sb.append("  ".repeat(depth)).append(span.getName()).append('\n');
        children.getOrDefault(span.getSpanId(), List.of()).stream()
                .sorted(Comparator.comparing(SpanData::getName))
                .forEach(child -> append(sb, child, children, depth + 1));
    }

    /**
     * Runs the example on standard output.
     *
     * @param args none
     * @throws Exception if a backend task failed
     */
    public static void main(String[] args) throws Exception {
        System.out.print(run());
        System.out.println();
        System.out.println("without GoOtel.install():");
        System.out.print(run(false));
    }
}
