package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.go4j.context.Context;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The annotation listener hears tasks, regions and logs, with their tasks, whether or not a trace records. */
class AnnotationListenerTest {
    private final List<String> heard = new ArrayList<>();

    private final Trace.AnnotationListener recording = new Trace.AnnotationListener() {
        @Override
        public void taskStarted(Trace.Task task) {
            heard.add("task " + task.type() + " parent=" + (task.parent() == null ? "-" : task.parent().type()));
        }

        @Override
        public void taskEnded(Trace.Task task) {
            heard.add("end task " + task.type());
        }

        @Override
        public void regionStarted(Trace.Region region) {
            heard.add("region " + region.type() + " task=" + (region.task() == null ? "-" : region.task().type()));
        }

        @Override
        public void regionEnded(Trace.Region region) {
            heard.add("end region " + region.type());
        }

        @Override
        public void logged(Trace.Task task, String category, String message) {
            heard.add("log " + category + "=" + message + " task=" + (task == null ? "-" : task.type()));
        }
    };

    @AfterEach
    void removeListener() {
        Trace.setAnnotationListener(null);
    }

    @Test
    @DisplayName("the listener hears each annotation in order, with its task and parent task")
    void theListenerHearsEachAnnotationWithItsTask() {
        assertNull(Trace.setAnnotationListener(recording));
        Trace.Task order = Trace.newTask(Context.background(), "order");
        try (Trace.Task pay = Trace.newTask(order.context(), "pay")) {
            assertSame(order, pay.parent());
            Trace.withRegion(pay.context(), "charge", () -> Trace.log(pay.context(), "card", "visa"));
        }
        Trace.log(Context.background(), "", "no task");
        try (Trace.Region r = Trace.startRegion(Context.background(), "idle")) {
            assertNull(r.task());
        }
        order.end();
        assertEquals(List.of(
                "task order parent=-",
                "task pay parent=order",
                "region charge task=pay",
                "log card=visa task=pay",
                "end region charge",
                "end task pay",
                "log =no task task=-",
                "region idle task=-",
                "end region idle",
                "end task order"), heard);
    }

    @Test
    @DisplayName("setting a listener returns the previous one, and null removes it")
    void settingAListenerReturnsThePreviousOne() {
        Trace.setAnnotationListener(recording);
        assertSame(recording, Trace.setAnnotationListener(null));
        Trace.newTask(Context.background(), "unheard").end();
        assertEquals(List.of(), heard);
    }
}
