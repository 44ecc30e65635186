package io.go4j.internal.runtime;

import io.go4j.Chan;
import io.go4j.Go;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Hooks' task decorator: the seam through which a thread-local context follows go(). */
class TaskDecoratorTest {
    private static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

    @AfterEach
    void remove() {
        Hooks.setTaskDecorator(null);
        CONTEXT.remove();
    }

    private static void join(Thread t) throws InterruptedException {
        assertFalse(!t.join(Duration.ofSeconds(20)) && t.isAlive(), () -> t + " did not end within 20 s");
    }

    @Test
    @DisplayName("a task decorator runs on the creating thread and its task in the goroutine")
    void aDecoratorRunsOnTheCreatorAndItsTaskInTheGoroutine() throws InterruptedException {
        Hooks.setTaskDecorator(task -> {
            String captured = CONTEXT.get();   // on the creator's thread
            return () -> {
                CONTEXT.set(captured);
                try {
                    task.run();
                } finally {
                    CONTEXT.remove();
                }
            };
        });
        Chan<String> seen = Chan.make(1);
        CONTEXT.set("request-7");
        join(Go.go(() -> seen.send(String.valueOf(CONTEXT.get()))));
        assertEquals("request-7", seen.recv());
    }

    @Test
    @DisplayName("a decorator that throws or returns null leaves the task as it was")
    void aBrokenDecoratorLeavesTheTaskAsItWas() throws InterruptedException {
        Chan<String> ran = Chan.make(2);
        for (Hooks.TaskDecorator broken : List.<Hooks.TaskDecorator>of(task -> {
            throw new IllegalStateException("broken decorator (expected in this test)");
        }, task -> null)) {
            Hooks.setTaskDecorator(broken);
            join(Go.go(() -> ran.send("ran")));
        }
        assertEquals("ran", ran.recv());
        assertEquals("ran", ran.recv());
    }

    @Test
    @DisplayName("setTaskDecorator returns the previous decorator, so that a tool can restore it")
    void setTaskDecoratorReturnsThePreviousOne() {
        Hooks.TaskDecorator first = task -> task;
        assertNull(Hooks.setTaskDecorator(first));
        assertEquals(first, Hooks.setTaskDecorator(null));
    }
}
