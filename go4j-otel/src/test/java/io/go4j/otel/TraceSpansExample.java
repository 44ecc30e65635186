package io.go4j.otel;

import io.go4j.Go;
import io.go4j.context.Context;
import io.go4j.trace.Trace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.time.Duration;

/** The README's example of TraceSpans: a request's task, a region in another goroutine, a log. */
final class TraceSpansExample {
    private TraceSpansExample() {}

    static void checkout(Tracer tracer) throws InterruptedException {
        Span request = tracer.spanBuilder("POST /checkout").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            // README-BEGIN
            TraceSpans.install(tracer);                                    // once, at start-up

            Trace.Task task = Trace.newTask(Context.background(), "checkout");   // span "checkout"
            Thread worker = Go.go(() ->
                    Trace.withRegion(task.context(), "chargeCard", () -> {     // its child "chargeCard"
                        Trace.log(task.context(), "orderID", "o-17");         // an event on "chargeCard"
                        tracer.spanBuilder("bank-call").startSpan().end();    // a child of "chargeCard"
                    }));
            worker.join(Duration.ofSeconds(10));
            task.end();                                                    // "checkout" ends
            // README-END
        } finally {
            request.end();
        }
    }
}
