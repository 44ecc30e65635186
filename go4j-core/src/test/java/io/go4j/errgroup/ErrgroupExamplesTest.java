package io.go4j.errgroup;

import static io.go4j.TestSupport.assertPrints;
import io.go4j.context.Context;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;


/**
 * The Javadoc examples of io.go4j.errgroup, run, with their printed output checked (Go's
 * {@code Example...} functions with {@code // Output:}). The code between
 * {@code // example:NAME} and {@code // end} is NAME's Javadoc example verbatim; the shared
 * io.go4j.JavadocExamplesTest checks that they agree.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ErrgroupExamplesTest {

    /** An example's body: may throw, as a snippet inside a method that declares it would. */

    @Test
    @DisplayName("package io.go4j.errgroup: four tasks, no error")
    void examplePackage() throws Exception {
        assertPrints("null 10\n", () -> {
            // example:package-info
            Group g = new Group();
            AtomicInteger sum = new AtomicInteger();
            for (int i = 1; i <= 4; i++) {
                int n = i;
                g.go(() -> sum.addAndGet(n));
            }
            System.out.println(g.await() + " " + sum.get());   // null 10
            // end
        });
    }

    @Test
    @DisplayName("Group: the first error is returned and cancels the context")
    void exampleGroup() throws Exception {
        assertPrints("task 2 failed\ncontext canceled\n", () -> {
            // example:Group
            Group.WithContext gc = Group.withContext(Context.background());
            for (int i = 1; i <= 3; i++) {
                int n = i;
                gc.group().go(() -> {
                    if (n == 2) throw new IllegalStateException("task " + n + " failed");
                });
            }
            System.out.println(gc.group().await().getMessage());   // task 2 failed
            System.out.println(gc.context().err().getMessage());   // context canceled
            // end
        });
    }

    @Test
    @DisplayName("Group.Task: a task reports failure by throwing")
    void exampleGroupTask() throws Exception {
        assertPrints("disk full\n", () -> {
            // example:Group.Task
            Group g = new Group();
            Group.Task save = () -> {
                throw new java.io.IOException("disk full");
            };
            g.go(save);
            System.out.println(g.await().getMessage());   // disk full
            // end
        });
    }

    @Test
    @DisplayName("Group.WithContext: the context is cancelled when await returns")
    void exampleGroupWithContext() throws Exception {
        assertPrints("done: null\nnull\ncontext canceled\n", () -> {
            // example:Group.WithContext
            Group.WithContext gc = Group.withContext(Context.background());
            gc.group().go(() -> System.out.println("done: " + gc.context().err()));   // done: null
            System.out.println(gc.group().await());                 // null: no task failed
            System.out.println(gc.context().err().getMessage());    // context canceled
            // end
        });
    }
}
