/**
 * go4j-sched: an opt-in, experimental scheduler that runs goroutines' virtual threads with Go's
 * scheduling policy. Selected with {@code -Dgo4j.scheduler=go}; needs
 * {@code --add-opens java.base/java.lang=io.go4j.sched}.
 */
module io.go4j.sched {
    requires io.go4j;

    exports io.go4j.sched;

    provides io.go4j.internal.runtime.SchedulerProvider with io.go4j.sched.internal.GoSchedulerProvider;
}
