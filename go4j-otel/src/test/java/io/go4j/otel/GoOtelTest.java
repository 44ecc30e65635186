package io.go4j.otel;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.errgroup.Group;
import io.go4j.internal.runtime.Hooks;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GoOtel and GoLabelsSpanProcessor against the OpenTelemetry SDK, spans read from its in-memory exporter. */
class GoOtelTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(GoLabelsSpanProcessor.create("go4j.label."))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    private final Tracer tracer = provider.get("go4j-otel-test");

    @AfterEach
    void close() {
        GoOtel.uninstall();
        provider.close();
    }

    private static void join(Thread t) throws InterruptedException {
        assertFalse(!t.join(Duration.ofSeconds(20)) && t.isAlive(), () -> t + " did not end within 20 s");
    }

    private SpanData span(String name) {
        List<SpanData> found = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> "spans named " + name + ": " + exporter.getFinishedSpanItems());
        return found.get(0);
    }

    private void childSpan(String name) {
        tracer.spanBuilder(name).startSpan().end();
    }

    private void assertChildOf(SpanData parent, SpanData child) {
        assertEquals(parent.getTraceId(), child.getTraceId(), "same trace");
        assertEquals(parent.getSpanId(), child.getParentSpanId(), "parent link");
    }

    @Test
    @DisplayName("a span started in a goroutine is a child of the span current where go was called")
    void aGoroutinesSpanIsAChildOfItsCreatorsSpan() throws InterruptedException {
        Span parent = tracer.spanBuilder("parent").startSpan();
        Thread t;
        try (Scope ignored = parent.makeCurrent()) {
            t = GoOtel.go(() -> childSpan("in-goroutine"));
        } finally {
            parent.end();
        }
        join(t);
        assertChildOf(span("parent"), span("in-goroutine"));
    }

    @Test
    @DisplayName("without GoOtel a goroutine starts a new trace: the thread-local context does not follow")
    void withoutGoOtelAGoroutineStartsANewTrace() throws InterruptedException {
        Span parent = tracer.spanBuilder("parent").startSpan();
        Thread t;
        try (Scope ignored = parent.makeCurrent()) {
            t = Go.go(() -> childSpan("plain-goroutine"));
        } finally {
            parent.end();
        }
        join(t);
        assertEquals(SpanId.getInvalid(), span("plain-goroutine").getParentSpanId());
    }

    @Test
    @DisplayName("once installed, every goroutine starts with its creator's context: plain go, errgroup tasks")
    void onceInstalledEveryGoroutineStartsWithItsCreatorsContext() throws InterruptedException {
        GoOtel.install();
        GoOtel.install();   // twice is once
        Span parent = tracer.spanBuilder("parent").startSpan();
        Group g = new Group();
        Thread t;
        try (Scope ignored = parent.makeCurrent()) {
            t = Go.go(() -> childSpan("plain-go"));
            g.go(() -> childSpan("errgroup-task"));
        } finally {
            parent.end();
        }
        join(t);
        assertNull(g.await());
        for (String name : List.of("plain-go", "errgroup-task")) {
            assertChildOf(span("parent"), span(name));
        }
        GoOtel.uninstall();
        Span after = tracer.spanBuilder("after-uninstall").startSpan();
        try (Scope ignored = after.makeCurrent()) {
            join(Go.go(() -> childSpan("not-propagated")));
        } finally {
            after.end();
        }
        assertEquals(SpanId.getInvalid(), span("not-propagated").getParentSpanId());
    }

    @Test
    @DisplayName("uninstall removes only GoOtel's decorator: a decorator installed after it, composed with it, stays and still runs")
    void uninstallLeavesADecoratorInstalledAfterIt() throws InterruptedException {
        GoOtel.install();
        ThreadLocal<String> marked = new ThreadLocal<>();
        Hooks.TaskDecorator other = Hooks.composeTaskDecorator(below -> task -> {
            Runnable inner = below == null ? task : below.decorate(task);
            return () -> {
                marked.set("other tool");
                inner.run();
            };
        });
        try {
            GoOtel.uninstall();
            Span parent = tracer.spanBuilder("parent").startSpan();
            String[] seen = new String[2];
            Thread t;
            try (Scope ignored = parent.makeCurrent()) {
                t = Go.go(() -> {
                    seen[0] = marked.get();
                    seen[1] = Span.current().getSpanContext().isValid() ? "span" : "no span";
                });
            } finally {
                parent.end();
            }
            join(t);
            assertEquals("other tool", seen[0], "the other tool's decorator still runs");
            assertEquals("no span", seen[1], "GoOtel's no longer carries the context");
        } finally {
            assertTrue(Hooks.replaceTaskDecorator(other, null), "the other tool's decorator was still installed");
        }
    }

    @Test
    @DisplayName("the context follows through goroutines started by goroutines, and baggage with it")
    void theContextAndBaggageFollowThroughGenerations() throws InterruptedException {
        Span parent = tracer.spanBuilder("parent").startSpan();
        Chan<String> user = Chan.make(1);
        Chan<Thread> grandchild = Chan.make(1);
        Thread child;
        try (Scope s1 = parent.makeCurrent();
             Scope s2 = Baggage.current().toBuilder().put("user", "ann").build().makeCurrent()) {
            child = GoOtel.go(() -> grandchild.send(GoOtel.go(() -> {
                user.send(Baggage.current().getEntryValue("user"));
                childSpan("grandchild");
            })));
        } finally {
            parent.end();
        }
        join(child);
        join(grandchild.recv());
        assertEquals("ann", user.recv());
        assertChildOf(span("parent"), span("grandchild"));
    }

    /** Makes {@code user=ann} current baggage, for the baggage tests. */
    private static Scope annsBaggage() {
        return Baggage.current().toBuilder().put("user", "ann").build().makeCurrent();
    }

    @Test
    @DisplayName("once installed, baggage follows plain go and errgroup tasks from their creator")
    void onceInstalledBaggageFollowsPlainGoAndErrgroupTasks() throws InterruptedException {
        GoOtel.install();
        Chan<String> seen = Chan.make(2);
        Group g = new Group();
        Thread t;
        try (Scope ignored = annsBaggage()) {
            t = Go.go(() -> seen.send("plain-go " + Baggage.current().getEntryValue("user")));
            g.go(() -> seen.send("errgroup-task " + Baggage.current().getEntryValue("user")));
        }
        join(t);
        assertNull(g.await());
        assertEquals(Set.of("plain-go ann", "errgroup-task ann"), Set.of(seen.recv(), seen.recv()));
        Chan<String> after = Chan.make(1);
        join(Go.go(() -> after.send(String.valueOf(Baggage.current().getEntryValue("user")))));
        assertEquals("null", after.recv(), "a goroutine started outside the scope has no baggage");
    }

    @Test
    @DisplayName("errgroup tasks started with GoOtel.go carry the caller's baggage")
    void errgroupTasksCarryTheCallersBaggage() {
        Chan<String> seen = Chan.make(3);
        Group g = new Group();
        try (Scope ignored = annsBaggage()) {
            for (int i = 0; i < 3; i++) {
                GoOtel.go(g, () -> seen.send(Baggage.current().getEntryValue("user")));
            }
        }
        assertNull(g.await());
        for (int i = 0; i < 3; i++) {
            assertEquals("ann", seen.recv());
        }
    }

    @Test
    @DisplayName("a go4j context carries baggage to code that runs later, elsewhere, and to its descendants")
    void aGo4jContextCarriesBaggage() throws InterruptedException {
        io.go4j.context.Context ctx;
        try (Scope ignored = annsBaggage()) {
            ctx = GoOtel.with(io.go4j.context.Context.background());
        }
        assertNull(Baggage.current().getEntryValue("user"), "the scope is closed");
        assertEquals("ann", Baggage.fromContext(GoOtel.from(ctx)).getEntryValue("user"));
        Chan<String> seen = Chan.make(1);
        try (var cancel = io.go4j.context.Context.withCancel(ctx)) {
            join(Go.go(() -> {
                try (Scope ignored = GoOtel.makeCurrent(cancel)) {
                    seen.send(Baggage.current().getEntryValue("user"));
                }
            }));
        }
        assertEquals("ann", seen.recv());
    }

    @Test
    @DisplayName("the context is the one current when go is called, and the goroutine's is gone when its task ends")
    void theContextIsCapturedAtGoAndEndsWithTheTask() throws InterruptedException {
        Span first = tracer.spanBuilder("first").startSpan();
        Go.ThrowingRunnable task;
        try (Scope ignored = first.makeCurrent()) {
            task = GoOtel.wrap(() -> childSpan("wrapped"));
        } finally {
            first.end();
        }
        Span other = tracer.spanBuilder("other").startSpan();
        try (Scope ignored = other.makeCurrent()) {
            task.run();   // runs here, under "other", but with the context captured under "first"
            assertEquals(other.getSpanContext(), Span.current().getSpanContext(), "restored after the task");
        } finally {
            other.end();
        }
        assertChildOf(span("first"), span("wrapped"));
    }

    @Test
    @DisplayName("errgroup tasks started with GoOtel.go are children of the caller's span")
    void errgroupTasksAreChildrenOfTheCallersSpan() {
        Span parent = tracer.spanBuilder("parent").startSpan();
        Group g = new Group();
        try (Scope ignored = parent.makeCurrent()) {
            for (int i = 0; i < 3; i++) {
                String name = "task-" + i;
                GoOtel.go(g, () -> childSpan(name));
            }
        } finally {
            parent.end();
        }
        assertNull(g.await());
        for (int i = 0; i < 3; i++) {
            assertChildOf(span("parent"), span("task-" + i));
        }
    }

    @Test
    @DisplayName("a go4j context carries the OpenTelemetry context to code that runs later, elsewhere")
    void aGo4jContextCarriesTheOtelContext() throws InterruptedException {
        Span parent = tracer.spanBuilder("parent").startSpan();
        io.go4j.context.Context ctx;
        try (Scope ignored = parent.makeCurrent()) {
            ctx = GoOtel.with(io.go4j.context.Context.background());
        } finally {
            parent.end();
        }
        try (var cancel = io.go4j.context.Context.withCancel(ctx)) {   // descendants carry it too
            join(Go.go(() -> {
                try (Scope ignored = GoOtel.makeCurrent(cancel)) {
                    childSpan("from-ctx");
                }
            }));
        }
        assertChildOf(span("parent"), span("from-ctx"));
        assertEquals(io.opentelemetry.context.Context.root(), GoOtel.from(io.go4j.context.Context.background()));
    }

    @Test
    @DisplayName("goroutine labels become attributes of the spans started under them, in inherited goroutines too")
    void labelsBecomeSpanAttributes() throws InterruptedException {
        Thread[] t = new Thread[1];
        Go.withLabels(Map.of("request", "abc"), () -> {
            childSpan("labelled");
            t[0] = GoOtel.go(() -> childSpan("labelled-goroutine"));
        });
        join(t[0]);
        childSpan("unlabelled");
        AttributeKey<String> request = AttributeKey.stringKey("go4j.label.request");
        assertEquals("abc", span("labelled").getAttributes().get(request));
        assertEquals("abc", span("labelled-goroutine").getAttributes().get(request));
        assertTrue(span("unlabelled").getAttributes().isEmpty());
    }
}
