package io.go4j.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GoLeakCheck registers {@link GoLeakExtension} on a test class or method, with its settings:
 * a test fails if goroutines it started are still alive after it (Uber's goleak), if one of its
 * goroutines panicked, or if a race detector reports a race in it; a test that times out fails
 * with the dump of every goroutine, and its goroutines are interrupted.
 *
 * <pre>{@code
 * @GoLeakCheck(ignoreTopFunctions = "com.acme.Pool.worker")
 * class WorkerTest {
 *     @Test
 *     void stopsItsWorkers() { ... }
 * }
 * }</pre>
 *
 * <p>Settings are taken from the annotations on the test method and its classes (the innermost
 * annotation that sets a value wins; ignore rules add up), then from JUnit configuration
 * parameters ({@link GoLeakExtension#MODE_PARAMETER}, {@link GoLeakExtension#RETRY_PARAMETER},
 * {@link GoLeakExtension#TIMEOUT_PARAMETER}), then the defaults. Durations are written as Go
 * writes them: {@code "500ms"}, {@code "2s"}, {@code "1m30s"}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(GoLeakExtension.class)
public @interface GoLeakCheck {

    /** When goroutines are checked for leaks. */
    enum Mode {
        /** After each test (goleak's {@code VerifyNone} in every test): the default. */
        PER_TEST,
        /**
         * Once, after the class's last test and {@code @AfterAll} methods (goleak's
         * {@code VerifyTestMain}): goroutines may outlive the test that started them, not the
         * class. The class's container fails.
         */
        PER_CLASS,
        /** Never; panics, races and timeouts are still reported. */
        OFF
    }

    /**
     * When to check: one value, or none to keep what an enclosing annotation, the configuration
     * parameter {@link GoLeakExtension#MODE_PARAMETER} or the default ({@link Mode#PER_TEST}) says.
     *
     * @return the mode, at most one
     */
    Mode[] mode() default {};

    /**
     * Lets pass leaked goroutines whose top function (the innermost frame outside the JDK and
     * go4j's primitives) matches: a function such as {@code com.acme.Pool.worker}, or a prefix
     * ending in {@code *} ({@code com.acme.Pool.*}).
     *
     * @return the patterns
     */
    String[] ignoreTopFunctions() default {};

    /**
     * Lets pass leaked goroutines started (by a {@code go} call) in a matching function, written
     * as for {@link #ignoreTopFunctions()}.
     *
     * @return the patterns
     */
    String[] ignoreCreatedBy() default {};

    /**
     * Lets pass leaked goroutines that have a matching profiler label ({@link io.go4j.Go#withLabels}):
     * {@code key=value}, or {@code key} for any value.
     *
     * @return the label rules
     */
    String[] ignoreLabels() default {};

    /**
     * How long to wait, in all, for the test's goroutines to end before calling them leaked
     * ({@code "500ms"}); empty to keep what an enclosing annotation, the configuration parameter
     * {@link GoLeakExtension#RETRY_PARAMETER} or the default (500ms) says.
     *
     * @return a Go duration, or empty
     */
    String retryFor() default "";

    /**
     * A timeout for each test (its body, not its {@code @BeforeEach} and {@code @AfterEach}
     * methods), beyond JUnit's {@code @Timeout}; empty to keep what an enclosing annotation or
     * the configuration parameter {@link GoLeakExtension#TIMEOUT_PARAMETER} says, {@code "0"}
     * for none. Off by default.
     *
     * @return a Go duration, or empty
     */
    String timeout() default "";
}
