package io.go4j.test;

import io.go4j.debug.internal.GoDuration;
import io.go4j.debug.internal.Snapshot;
import io.go4j.test.GoLeakCheck.Mode;
import io.go4j.test.internal.GoroutineList;
import io.go4j.test.internal.IgnoreRules;
import io.go4j.test.internal.Leaks;
import io.go4j.test.internal.Races;
import io.go4j.test.internal.Scopes;
import io.go4j.test.internal.Timeouts;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * GoLeakExtension fails a test that leaves goroutines behind, as Uber's goleak does for Go, and
 * checks the rest of what a test's goroutines do: a goroutine that panics fails its test (even if
 * the test's body passed), a race reported by a race detector ({@link RaceReports}) fails its
 * test, and a test that times out (JUnit's {@code @Timeout}, or this extension's own timeout)
 * fails with the dump of every goroutine, as {@code go test -timeout} prints it, after its
 * goroutines have been interrupted so that the next test starts clean.
 *
 * <p>Three ways to use it:
 * <ul>
 *   <li>{@link GoLeakCheck @GoLeakCheck} on a class or method, with its settings as attributes;</li>
 *   <li>{@code @RegisterExtension static GoLeakExtension leaks = GoLeakExtension.builder()...build();}
 *       for settings made in code;</li>
 *   <li>for every test, as a JUnit auto-detected extension: set the configuration parameter
 *       {@code junit.jupiter.extensions.autodetection.enabled=true} (in
 *       {@code junit-platform.properties}, say), and the settings as configuration parameters.</li>
 * </ul>
 *
 * <p><b>Which goroutines are a test's.</b> Those started while its code ran (its
 * {@code @BeforeEach} methods, its body, its {@code @AfterEach} methods), by it or by its
 * goroutines, transitively: the extension runs that code with the profiler label
 * {@value #LABEL} set to the test's JUnit unique id ({@link io.go4j.Go#withLabels}), which every
 * goroutine inherits from its creator. So under JUnit's parallel execution a test is only ever
 * charged with its own goroutines, never a neighbour's. Goroutines started in {@code @BeforeAll}
 * and {@code @AfterAll} methods are the class's. A goroutine started from a thread that no
 * goroutine or test code started (an executor's thread, say) carries no label and belongs to no
 * test.
 *
 * <p><b>Leaks.</b> After a test (after its {@code @AfterEach} methods), the extension waits for
 * its goroutines to end, checking again with growing pauses, up to {@code retryFor} (500ms by
 * default); those still alive then fail the test, listed grouped by stack with where they were
 * created. Ignore rules let some pass: by top function, by creator, by label. In
 * {@link Mode#PER_CLASS} mode the check is made once, after the class, for every goroutine its
 * tests and lifecycle methods started (goleak's {@code VerifyTestMain}), and fails the class. A
 * leaked goroutine is not stopped: it is reported once, and never charged to another test.
 *
 * <p><b>Panics.</b> A goroutine of the test that ends with an uncaught exception fails the test
 * with Go's panic report ({@code panic: ...}, its stack, {@code created by ...}); the exception
 * is attached as a suppressed exception. The panic is still printed as go4j prints it.
 *
 * <p><b>Timeouts.</b> JUnit's {@code @Timeout} failure (or its default timeouts) gets a goroutine
 * report: the test's goroutines as they were, then the dump of every goroutine (go4j-debug's
 * {@code GoroutineDump}, Go's full format); the test's goroutines are interrupted. The extension's
 * own timeout ({@code timeout}, off by default) does the same, and interrupts the test's thread
 * as JUnit's same-thread timeout does. A goroutine that ignores interrupts is not stopped; it is
 * then reported as leaked.
 *
 * <p>Settings are resolved for each test: the builder's, then the innermost {@link GoLeakCheck}
 * annotation that sets one (method, class, enclosing classes), then the configuration
 * parameters, then the defaults. Ignore rules add up. A bad setting fails the test with an
 * {@link ExtensionConfigurationException} naming it.
 */
public final class GoLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, InvocationInterceptor, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
    /*
     * Implementation notes.
     *
     * 1. One scope per class and per test (Scopes), opened in beforeAll/beforeEach (before any
     *    of the class's or test's code) and closed in afterAll/afterEach (after all of it), so
     *    that a panic heard at any moment between finds its scope. The scope is kept in JUnit's
     *    store of that context; two registrations of the extension on one test would open it
     *    twice, which Scopes refuses loudly.
     * 2. The leak check waits first and reads panics after: a goroutine that is ending when the
     *    test returns may panic during the wait, and that panic is the test's.
     * 3. JUnit's TimeoutExtension is a default extension, so its interceptor wraps ours: the
     *    label is set on whatever thread runs the body (also in its separate-thread mode), and
     *    its TimeoutException reaches our exception handler, which replaces it (JUnit's as the
     *    cause). Our own timeout is enforced inside our interceptor (Timeouts.run).
     * 4. Tempting and wrong: recognising the test's goroutines by the goroutines alive before
     *    and after it (goleak's IgnoreCurrent). Under parallel execution a neighbour's goroutines
     *    appear and vanish meanwhile; only attribution at go() time is sound (Scopes' notes).
     */

    /** The profiler label whose value names the test (its JUnit unique id) a goroutine belongs to. */
    public static final String LABEL = "go4j.test";
    /** Configuration parameter: the leak-check mode, {@code per-test}, {@code per-class} or {@code off}. */
    public static final String MODE_PARAMETER = "go4j.test.leaks.mode";
    /** Configuration parameter: how long to wait for a test's goroutines to end, a Go duration ({@code 500ms}). */
    public static final String RETRY_PARAMETER = "go4j.test.leaks.retryFor";
    /** Configuration parameter: the extension's own timeout for each test, a Go duration; {@code 0} for none. */
    public static final String TIMEOUT_PARAMETER = "go4j.test.timeout";

    private static final Duration DEFAULT_RETRY = Duration.ofMillis(500);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GoLeakExtension.class);
    private static final String TEST_SCOPE = "test scope";
    private static final String CLASS_SCOPE = "class scope";

    private final Mode mode;            // null: not set in code
    private final Duration retryFor;    // null: not set in code
    private final Duration timeout;     // null: not set in code; zero: none
    private final IgnoreRules rules;

    /** Creates the extension with no settings of its own (for {@code @ExtendWith} and auto-detection). */
    public GoLeakExtension() {
        this(null, null, null, IgnoreRules.NONE);
    }

    private GoLeakExtension(Mode mode, Duration retryFor, Duration timeout, IgnoreRules rules) {
        this.mode = mode;
        this.retryFor = retryFor;
        this.timeout = timeout;
        this.rules = rules;
    }

    /**
     * Returns a builder of an extension with settings made in code, for
     * {@code @RegisterExtension}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------------------------------
    // Callbacks: a scope per class and per test

    /**
     * Starts attributing the class's goroutines to it.
     *
     * @param context the class's context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put(CLASS_SCOPE, Scopes.open(context.getUniqueId()));
    }

    /**
     * Checks the class: in {@link Mode#PER_CLASS} mode every goroutine its tests started, else
     * those its {@code @BeforeAll} and {@code @AfterAll} methods started; and their panics and
     * races.
     *
     * @param context the class's context
     * @throws Exception an {@link AssertionError} listing what went wrong, or the interruption of
     *                   the wait
     */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Scopes.Scope scope = context.getStore(NS).remove(CLASS_SCOPE, Scopes.Scope.class);
        if (scope == null) {
            return;
        }
        try {
            Settings s = settings(context);
            check(scope, s, s.mode == Mode.PER_CLASS ? Leaks.Extent.WITH_CONTAINED
                    : s.mode == Mode.PER_TEST ? Leaks.Extent.OWN : null, "class");
        } finally {
            Scopes.close(scope);
        }
    }

    /**
     * Starts attributing the test's goroutines to it.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        settings(context);   // a bad setting fails the test before it runs
        context.getStore(NS).put(TEST_SCOPE, Scopes.open(context.getUniqueId()));
    }

    /**
     * Checks the test: its leaked goroutines (unless the mode says otherwise), their panics and
     * races.
     *
     * @param context the test's context
     * @throws Exception an {@link AssertionError} listing what went wrong, or the interruption of
     *                   the wait
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Scopes.Scope scope = context.getStore(NS).remove(TEST_SCOPE, Scopes.Scope.class);
        if (scope == null) {
            return;
        }
        try {
            Settings s = settings(context);
            check(scope, s, s.mode == Mode.PER_TEST ? Leaks.Extent.WITH_CONTAINED : null, "test");
        } finally {
            Scopes.close(scope);
        }
    }

    /** Waits for leaks (if {@code extent} is not null), then gathers panics and races, and fails. */
    private static void check(Scopes.Scope scope, Settings s, Leaks.Extent extent, String what)
            throws InterruptedException {
        // Leaks first: while waiting for the goroutines to end, the ending ones report their panics.
        List<Snapshot.Entry> leaked = extent == null ? List.of() : Leaks.await(scope.id(), extent, s.rules, s.retryFor);
        List<String> sections = new ArrayList<>();
        List<Throwable> panics = new ArrayList<>();
        for (Scopes.PanicReport p : scope.takePanics()) {
            sections.add("a goroutine panicked during the " + what + ":\n\n" + p.report());
            panics.add(p.panic());
        }
        for (String race : Races.takeFor(scope.id())) {
            sections.add("race detected during execution of " + what + ":\n\n" + race);
        }
        if (!leaked.isEmpty()) {
            sections.add("found " + leaked.size() + " unexpected goroutine" + (leaked.size() == 1 ? "" : "s")
                    + ", started by the " + what + " and still alive after " + GoDuration.format(s.retryFor)
                    + ":\n\n" + GoroutineList.render(leaked));
        }
        if (sections.isEmpty()) {
            return;
        }
        AssertionError failure = new AssertionError(String.join("\n", sections));
        panics.forEach(failure::addSuppressed);
        throw failure;
    }

    // ---------------------------------------------------------------------------------------
    // Interceptors: the test's code runs labelled as the test's

    /** {@inheritDoc} Runs the test labelled as its own, under the extension's timeout if one is set. */
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        timed(invocation, invocationContext, extensionContext);
    }

    /** {@inheritDoc} Runs the test labelled as its own, under the extension's timeout if one is set. */
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        timed(invocation, invocationContext, extensionContext);
    }

    /** {@inheritDoc} Runs the factory labelled as its test, under the extension's timeout if one is set. */
    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        return timed(invocation, invocationContext, extensionContext);
    }

    /** {@inheritDoc} Runs the dynamic test labelled as its own (its factory's test contains it). */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext extensionContext) throws Throwable {
        Scopes.runAs(extensionContext.getUniqueId(), invocation::proceed);
    }

    /** {@inheritDoc} Runs the method labelled as its test's. */
    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
                                          ReflectiveInvocationContext<Method> invocationContext,
                                          ExtensionContext extensionContext) throws Throwable {
        Scopes.runAs(extensionContext.getUniqueId(), invocation::proceed);
    }

    /** {@inheritDoc} Runs the method labelled as its test's. */
    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext extensionContext) throws Throwable {
        Scopes.runAs(extensionContext.getUniqueId(), invocation::proceed);
    }

    /** {@inheritDoc} Runs the method labelled as its class's. */
    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext extensionContext) throws Throwable {
        Scopes.runAs(extensionContext.getUniqueId(), invocation::proceed);
    }

    /** {@inheritDoc} Runs the method labelled as its class's. */
    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
                                        ReflectiveInvocationContext<Method> invocationContext,
                                        ExtensionContext extensionContext) throws Throwable {
        Scopes.runAs(extensionContext.getUniqueId(), invocation::proceed);
    }

    private <T> T timed(Invocation<T> invocation, ReflectiveInvocationContext<Method> invocationContext,
                        ExtensionContext context) throws Throwable {
        String id = context.getUniqueId();
        Duration limit = settings(context).timeout;
        if (limit.isZero()) {
            return Scopes.runAs(id, invocation::proceed);
        }
        return Timeouts.run(signature(invocationContext.getExecutable()), id, limit,
                () -> Scopes.runAs(id, invocation::proceed));
    }

    /** JUnit's way of naming a method in a timeout message: {@code name(ParamType, ...)}. */
    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    // ---------------------------------------------------------------------------------------
    // Exception handlers: JUnit's timeouts get the goroutine report

    /** {@inheritDoc} Adds the goroutine report to JUnit's timeout failure; rethrows anything else. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withGoroutines(context, throwable);
    }

    /** {@inheritDoc} Adds the goroutine report to JUnit's timeout failure; rethrows anything else. */
    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withGoroutines(context, throwable);
    }

    /** {@inheritDoc} Adds the goroutine report to JUnit's timeout failure; rethrows anything else. */
    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withGoroutines(context, throwable);
    }

    /** {@inheritDoc} Adds the goroutine report to JUnit's timeout failure; rethrows anything else. */
    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withGoroutines(context, throwable);
    }

    /** {@inheritDoc} Adds the goroutine report to JUnit's timeout failure; rethrows anything else. */
    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withGoroutines(context, throwable);
    }

    private static Throwable withGoroutines(ExtensionContext context, Throwable t) {
        return Timeouts.isJUnitTimeout(t) ? Timeouts.failure(t.getMessage(), context.getUniqueId(), t) : t;
    }

    // ---------------------------------------------------------------------------------------
    // Settings

    /** The settings in force for one test or class. */
    private record Settings(Mode mode, Duration retryFor, Duration timeout, IgnoreRules rules) {}

    private Settings settings(ExtensionContext context) {
        Mode m = mode;
        Duration retry = retryFor;
        Duration limit = timeout;
        IgnoreRules r = rules;
        for (GoLeakCheck a : annotations(context)) {
            try {
                r = r.plus(new IgnoreRules(List.of(a.ignoreTopFunctions()), List.of(a.ignoreCreatedBy()),
                        List.of(a.ignoreLabels())));
            } catch (IllegalArgumentException e) {
                throw bad("@GoLeakCheck", e);
            }
            if (m == null && a.mode().length > 0) {
                if (a.mode().length > 1) {
                    throw new ExtensionConfigurationException("go4j-test: @GoLeakCheck(mode = "
                            + Arrays.toString(a.mode()) + "): give at most one mode");
                }
                m = a.mode()[0];
            }
            if (retry == null && !a.retryFor().isEmpty()) {
                retry = duration("@GoLeakCheck(retryFor)", a.retryFor());
            }
            if (limit == null && !a.timeout().isEmpty()) {
                limit = duration("@GoLeakCheck(timeout)", a.timeout());
            }
        }
        if (m == null) {
            m = context.getConfigurationParameter(MODE_PARAMETER).map(GoLeakExtension::mode).orElse(Mode.PER_TEST);
        }
        if (retry == null) {
            retry = context.getConfigurationParameter(RETRY_PARAMETER).map(v -> duration(RETRY_PARAMETER, v))
                    .orElse(DEFAULT_RETRY);
        }
        if (limit == null) {
            limit = context.getConfigurationParameter(TIMEOUT_PARAMETER).map(v -> duration(TIMEOUT_PARAMETER, v))
                    .orElse(Duration.ZERO);
        }
        return new Settings(m, retry, limit, r);
    }

    /** The {@link GoLeakCheck} annotations that apply, innermost first: method, class, enclosing classes. */
    private static List<GoLeakCheck> annotations(ExtensionContext context) {
        List<GoLeakCheck> out = new ArrayList<>(2);
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, GoLeakCheck.class)).ifPresent(out::add);
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            AnnotationSupport.findAnnotation(c, GoLeakCheck.class).ifPresent(out::add);
        }
        return out;
    }

    private static Mode mode(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Mode m : Mode.values()) {
            if (m.name().equals(v)) {
                return m;
            }
        }
        throw new ExtensionConfigurationException("go4j-test: " + MODE_PARAMETER + " = \"" + value
                + "\": want per-test, per-class or off");
    }

    private static Duration duration(String what, String value) {
        Duration d;
        try {
            d = GoDuration.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw bad(what + " = \"" + value + "\"", e);
        }
        if (d.isNegative()) {
            throw new ExtensionConfigurationException("go4j-test: " + what + " = \"" + value
                    + "\": a duration may not be negative");
        }
        return d;
    }

    private static ExtensionConfigurationException bad(String what, IllegalArgumentException e) {
        return new ExtensionConfigurationException("go4j-test: " + what + ": " + e.getMessage(), e);
    }

    /**
     * Builder makes a {@link GoLeakExtension} with settings made in code, which take precedence
     * over annotations and configuration parameters (ignore rules add up with theirs).
     *
     * <pre>{@code
     * @RegisterExtension
     * static GoLeakExtension leaks = GoLeakExtension.builder()
     *         .ignoreTopFunction("com.acme.Pool.worker")
     *         .ignoreLabel("component", "cache")
     *         .retryFor(Duration.ofSeconds(1))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private Mode mode;
        private Duration retryFor;
        private Duration timeout;
        private final List<String> topFunctions = new ArrayList<>();
        private final List<String> createdBy = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();

        private Builder() {}

        /**
         * Sets when to check for leaks.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Lets pass leaked goroutines whose top function matches one of {@code patterns} (see
         * {@link GoLeakCheck#ignoreTopFunctions()}).
         *
         * @param patterns functions, or prefixes ending in {@code *}
         * @return this builder
         * @throws IllegalArgumentException if a pattern is not one
         */
        public Builder ignoreTopFunction(String... patterns) {
            return add(topFunctions, patterns, new IgnoreRules(List.of(patterns), List.of(), List.of()));
        }

        /**
         * Lets pass leaked goroutines started in a function that matches one of {@code patterns}
         * (see {@link GoLeakCheck#ignoreCreatedBy()}).
         *
         * @param patterns functions, or prefixes ending in {@code *}
         * @return this builder
         * @throws IllegalArgumentException if a pattern is not one
         */
        public Builder ignoreCreatedBy(String... patterns) {
            return add(createdBy, patterns, new IgnoreRules(List.of(), List.of(patterns), List.of()));
        }

        /**
         * Lets pass leaked goroutines that have the profiler label {@code key} with {@code value}.
         *
         * @param key   the label's key (no {@code =})
         * @param value its value
         * @return this builder
         * @throws IllegalArgumentException if the key is empty or holds {@code =}
         */
        public Builder ignoreLabel(String key, String value) {
            Objects.requireNonNull(value, "value");
            String rule = checkedKey(key) + "=" + value;
            return add(labels, new String[] {rule}, new IgnoreRules(List.of(), List.of(), List.of(rule)));
        }

        /**
         * Lets pass leaked goroutines that have the profiler label {@code key}, whatever its value.
         *
         * @param key the label's key (no {@code =})
         * @return this builder
         * @throws IllegalArgumentException if the key is empty or holds {@code =}
         */
        public Builder ignoreLabel(String key) {
            String rule = checkedKey(key);
            return add(labels, new String[] {rule}, new IgnoreRules(List.of(), List.of(), List.of(rule)));
        }

        /**
         * Sets how long to wait, in all, for a test's goroutines to end.
         *
         * @param retryFor the wait, zero or more
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder retryFor(Duration retryFor) {
            this.retryFor = nonNegative("retryFor", retryFor);
            return this;
        }

        /**
         * Sets the extension's own timeout for each test; zero for none.
         *
         * @param timeout the timeout, zero or more
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder timeout(Duration timeout) {
            this.timeout = nonNegative("timeout", timeout);
            return this;
        }

        /**
         * Makes the extension.
         *
         * @return the extension
         */
        public GoLeakExtension build() {
            return new GoLeakExtension(mode, retryFor, timeout, new IgnoreRules(topFunctions, createdBy, labels));
        }

        /** Adds {@code patterns} to {@code to} once {@code checked} (made from them) has validated them. */
        private Builder add(List<String> to, String[] patterns, IgnoreRules checked) {
            Objects.requireNonNull(checked);
            to.addAll(Arrays.asList(patterns));
            return this;
        }

        private static String checkedKey(String key) {
            Objects.requireNonNull(key, "key");
            if (key.isEmpty() || key.indexOf('=') >= 0) {
                throw new IllegalArgumentException("go4j-test: invalid label key \"" + key + "\": want a non-empty key without =");
            }
            return key;
        }

        private static Duration nonNegative(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException("go4j-test: " + what + " may not be negative: " + GoDuration.format(d));
            }
            return d;
        }
    }

    /**
     * Returns the settings made in code, for messages.
     *
     * @return the settings
     */
    @Override
    public String toString() {
        return "GoLeakExtension[mode=" + Optional.ofNullable(mode).map(Enum::name).orElse("(inherited)")
                + ", retryFor=" + Optional.ofNullable(retryFor).map(GoDuration::format).orElse("(inherited)")
                + ", timeout=" + Optional.ofNullable(timeout).map(GoDuration::format).orElse("(inherited)")
                + ", " + rules + "]";
    }
}
