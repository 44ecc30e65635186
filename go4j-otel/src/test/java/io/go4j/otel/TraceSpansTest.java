package io.go4j.otel;

import io.go4j.Go;
import io.go4j.context.Context;
import io.go4j.trace.Trace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** go4j-trace's tasks, regions and logs as spans, read from the SDK's in-memory exporter. */
class TraceSpansTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    private final Tracer tracer = provider.get("go4j-otel-test");

    @BeforeEach
    void install() {
        TraceSpans.install(tracer);
    }

    @AfterEach
    void close() {
        TraceSpans.uninstall();
        provider.close();
    }

    private static void join(Thread t) throws InterruptedException {
        assertFalse(!t.join(Duration.ofSeconds(20)) && t.isAlive(), () -> t + " did not end within 20 s");
    }

    private SpanData span(String name) {
        List<SpanData> found = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> "ended spans named " + name + ": " + exporter.getFinishedSpanItems());
        return found.get(0);
    }

    private static void assertChildOf(SpanData parent, SpanData child) {
        assertEquals(parent.getTraceId(), child.getTraceId(), "same trace");
        assertEquals(parent.getSpanId(), child.getParentSpanId(), () -> child.getName() + "'s parent is " + parent.getName());
    }

    private static EventData event(SpanData span, String name) {
        List<EventData> found = span.getEvents().stream().filter(e -> e.getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> "events named " + name + " on " + span.getName() + ": " + span.getEvents());
        return found.get(0);
    }

    @Test
    @DisplayName("a task is a span that ends when the task ends, with its id and type, a child of the span current at newTask")
    void aTaskIsASpanThatEndsWithTheTask() {
        Span request = tracer.spanBuilder("request").startSpan();
        Trace.Task task;
        try (Scope ignored = request.makeCurrent()) {
            task = Trace.newTask(Context.background(), "checkout");
        } finally {
            request.end();
        }
        assertEquals(List.of("request"), exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList(),
                "the task's span is open until the task ends");
        task.end();
        task.end();   // a second end changes nothing
        SpanData checkout = span("checkout");
        assertChildOf(span("request"), checkout);
        assertEquals(task.id(), checkout.getAttributes().get(TraceSpans.TASK_ID));
        assertEquals("checkout", checkout.getAttributes().get(TraceSpans.TASK_TYPE));
        assertEquals(2, exporter.getFinishedSpanItems().size());
    }

    @Test
    @DisplayName("a sub-task's span is a child of its parent task's span, not of the current span")
    void aSubTasksSpanIsAChildOfItsParentTasksSpan() {
        Trace.Task order = Trace.newTask(Context.background(), "order");
        Span unrelated = tracer.spanBuilder("unrelated").startSpan();
        try (Scope ignored = unrelated.makeCurrent()) {
            Trace.newTask(order.context(), "pay").end();
        } finally {
            unrelated.end();
        }
        order.end();
        assertChildOf(span("order"), span("pay"));
    }

    @Test
    @DisplayName("a region is a child span of its task's span, current while it runs, and nested regions nest")
    void aRegionIsAChildOfItsTasksSpanAndCurrentWhileItRuns() {
        Trace.Task task = Trace.newTask(Context.background(), "checkout");
        Trace.withRegion(task.context(), "chargeCard", () -> {
            tracer.spanBuilder("http-call").startSpan().end();
            Trace.withRegion(task.context(), "retry", () -> { });
        });
        assertEquals(Span.getInvalid(), Span.current(), "the region's span is no longer current after it");
        task.end();
        SpanData charge = span("chargeCard");
        assertChildOf(span("checkout"), charge);
        assertChildOf(charge, span("http-call"));
        assertChildOf(charge, span("retry"));
        assertEquals("chargeCard", charge.getAttributes().get(TraceSpans.REGION_TYPE));
        assertEquals(task.id(), charge.getAttributes().get(TraceSpans.TASK_ID));
        assertTrue(charge.getEndEpochNanos() <= span("checkout").getEndEpochNanos(), "the region ended before the task");
    }

    @Test
    @DisplayName("a region of no task is a child of the current span")
    void aRegionOfNoTaskIsAChildOfTheCurrentSpan() {
        Span request = tracer.spanBuilder("request").startSpan();
        try (Scope ignored = request.makeCurrent();
             Trace.Region r = Trace.startRegion(Context.background(), "parse")) {
            assertNull(r.task());
        } finally {
            request.end();
        }
        SpanData parse = span("parse");
        assertChildOf(span("request"), parse);
        assertNull(parse.getAttributes().get(TraceSpans.TASK_ID));
    }

    @Test
    @DisplayName("a region in another goroutine is a child of its task's span, not of the goroutine's current span")
    void aRegionInAnotherGoroutineIsAChildOfItsTasksSpan() throws InterruptedException {
        Trace.Task task = Trace.newTask(Context.background(), "order");
        Thread worker = Go.go(() -> {
            Span local = tracer.spanBuilder("worker-local").startSpan();
            try (Scope ignored = local.makeCurrent()) {
                Trace.withRegion(task.context(), "pack", () -> Trace.log(task.context(), "box", "b-3"));
            } finally {
                local.end();
            }
        });
        join(worker);
        Thread ender = Go.go(task::end);   // a task may end on any goroutine
        join(ender);
        SpanData order = span("order");
        SpanData pack = span("pack");
        assertChildOf(order, pack);
        assertNotEquals(span("worker-local").getSpanId(), pack.getParentSpanId());
        assertEquals("b-3", event(pack, "box").getAttributes().get(TraceSpans.LOG_MESSAGE), "the log is on the region it was made in");
    }

    @Test
    @DisplayName("a log outside a region of its task is an event on the task's span; one of no task on the current span")
    void aLogIsAnEventOnItsTasksSpanOrTheCurrentSpan() {
        Trace.Task task = Trace.newTask(Context.background(), "checkout");
        Trace.log(task.context(), "orderID", "o-17");
        Trace.withRegion(Context.background(), "other", () -> Trace.log(task.context(), "", "outside its task's region"));
        Span request = tracer.spanBuilder("request").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            Trace.log(Context.background(), "note", "no task");
        } finally {
            request.end();
        }
        task.end();
        SpanData checkout = span("checkout");
        EventData orderId = event(checkout, "orderID");
        assertEquals("orderID", orderId.getAttributes().get(TraceSpans.LOG_CATEGORY));
        assertEquals("o-17", orderId.getAttributes().get(TraceSpans.LOG_MESSAGE));
        assertEquals("outside its task's region", event(checkout, "log").getAttributes().get(TraceSpans.LOG_MESSAGE));
        assertEquals(List.of(), span("other").getEvents());
        assertEquals("no task", event(span("request"), "note").getAttributes().get(TraceSpans.LOG_MESSAGE));
    }

    @Test
    @DisplayName("spans are made whether or not an execution trace records, and the trace still records the annotations")
    void spansAreMadeWhileATraceRecordsToo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Trace.start(out);
        try {
            Trace.Task task = Trace.newTask(Context.background(), "traced");
            Trace.withRegion(task.context(), "step", () -> { });
            task.end();
        } finally {
            Trace.stop();
        }
        assertChildOf(span("traced"), span("step"));
        assertTrue(new String(out.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("traced"),
                "the trace has the task's type");
    }

    @Test
    @DisplayName("after uninstall, annotations make no span")
    void afterUninstallAnnotationsMakeNoSpan() {
        TraceSpans.uninstall();
        Trace.Task task = Trace.newTask(Context.background(), "quiet");
        Trace.withRegion(task.context(), "step", () -> { });
        task.end();
        assertEquals(List.of(), exporter.getFinishedSpanItems());
    }

    @Test
    @DisplayName("uninstall leaves another annotation listener in place")
    void uninstallLeavesAnotherListenerInPlace() {
        Trace.AnnotationListener other = new Trace.AnnotationListener() {
            @Override public void taskStarted(Trace.Task task) { }
            @Override public void taskEnded(Trace.Task task) { }
            @Override public void regionStarted(Trace.Region region) { }
            @Override public void regionEnded(Trace.Region region) { }
            @Override public void logged(Trace.Task task, String category, String message) { }
        };
        Trace.setAnnotationListener(other);
        try {
            TraceSpans.uninstall();
            assertEquals(other, Trace.setAnnotationListener(null));
        } finally {
            Trace.setAnnotationListener(null);
        }
    }

    @Test
    @DisplayName("the README example runs as shown: a task, its region in a goroutine and a log become nested spans")
    void theReadmeExampleRunsAsShown() throws IOException, InterruptedException {
        TraceSpansExample.checkout(tracer);
        SpanData request = span("POST /checkout");
        SpanData checkout = span("checkout");
        SpanData charge = span("chargeCard");
        assertChildOf(request, checkout);
        assertChildOf(checkout, charge);
        assertChildOf(charge, span("bank-call"));
        assertEquals("o-17", event(charge, "orderID").getAttributes().get(TraceSpans.LOG_MESSAGE));
        assertReadmeShowsVerbatim();
    }

    /** README.md contains, dedented, the lines between TraceSpansExample's README markers. */
    private static void assertReadmeShowsVerbatim() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/io/go4j/otel/TraceSpansExample.java"));
        List<String> trimmed = source.stream().map(String::trim).toList();
        List<String> snippet = source.subList(trimmed.indexOf("// README-BEGIN") + 1, trimmed.indexOf("// README-END"));
        int indent = snippet.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        String expected = snippet.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(expected), "README.md must contain, verbatim:\n" + expected);
    }
}
