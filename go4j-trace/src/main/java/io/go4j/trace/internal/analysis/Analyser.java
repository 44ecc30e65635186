package io.go4j.trace.internal.analysis;

import io.go4j.trace.analysis.Frame;
import io.go4j.trace.analysis.Rule;
import io.go4j.trace.analysis.TraceEvent;
import io.go4j.trace.analysis.TraceReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongFunction;

/**
 * Analyser computes a {@link TraceReport} in one pass over a trace's events: it feeds a
 * {@link GoroutineModel}, charges the model's intervals to goroutine groups, measures the
 * scheduling latency of each start that follows a wake-up or a creation, keeps the longest
 * blocking episodes in a bounded heap, and offers every fact to a {@link Matcher}.
 *
 * <p>Not thread-safe: one pass, one thread.
 */
public final class Analyser implements GoroutineModel.Listener {
    /** A group's totals. */
    private static final class GroupAcc {
        final String function;
        int goroutines;
        long running;
        long runnable;
        final Map<String, Long> blocked = new HashMap<>();

        GroupAcc(String function) {
            this.function = function;
        }
    }

    private final LongFunction<List<Frame>> stacks;
    private final GoroutineModel model;
    private final Matcher matcher;
    private final int top;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Map<String, GroupAcc> groups = new HashMap<>();
    private final Map<Long, String> counted = new HashMap<>();  // live goroutines already counted in a group
    private final PriorityQueue<TraceReport.Episode> longest =
            new PriorityQueue<>(Comparator.comparingLong(TraceReport.Episode::duration));
    private long events;
    private long first = -1;
    private long last;

    /**
     * Returns an analyser.
     *
     * @param stacks the trace's stack table
     * @param rules  the rules to match
     * @param top    how many episodes to keep
     */
    public Analyser(LongFunction<List<Frame>> stacks, List<Rule> rules, int top) {
        this.stacks = stacks;
        this.model = new GoroutineModel(stacks, this);
        this.matcher = new Matcher(rules, stacks);
        this.top = top;
    }

    /** Takes the next event. */
    public void accept(TraceEvent e) {
        events++;
        if (first < 0) {
            first = e.time();
        }
        last = Math.max(last, e.time());
        model.accept(e);
    }

    @Override
    public void onInterval(long g, String func, GoroutineModel.State state, String reason, long nanos) {
        GroupAcc acc = group(g, func);
        switch (state) {
            case RUNNING -> acc.running += nanos;
            case RUNNABLE -> acc.runnable += nanos;
            case BLOCKED -> acc.blocked.merge(reason, nanos, Long::sum);
        }
    }

    @Override
    public void onFact(Fact f) {
        if (f.kind == Rule.Event.START && ("unblock".equals(f.reason) || "created".equals(f.reason))) {
            latency.add(f.latency);
        } else if (f.kind == Rule.Event.UNBLOCK) {
            episode(f.target, f.func, f.reason, f.time - f.waited, f.waited, f.blocker, f.g,
                    f.g == 0 ? "timer" : model.funcOf(f.g), f.stack);
        }
        matcher.accept(f);
    }

    @Override
    public void onGone(long g, String func, boolean alive) {
        group(g, func);
        counted.remove(g);
    }

    private GroupAcc group(long g, String func) {
        GroupAcc acc = groups.computeIfAbsent(func, GroupAcc::new);
        String was = counted.put(g, func);
        if (was == null) {
            acc.goroutines++;
        }
        return acc;
    }

    private void episode(long g, String func, String reason, long start, long duration, long blocker, long by,
            String byFunc, long byStack) {
        if (top == 0 || (longest.size() >= top && longest.peek().duration() >= duration)) {
            return;
        }
        longest.add(new TraceReport.Episode(g, func, reason, start, duration, stacks.apply(blocker), by, byFunc,
                stacks.apply(byStack)));
        if (longest.size() > top) {
            longest.poll();
        }
    }

    /**
     * Ends the pass: open intervals are closed at the last event, goroutines still blocked
     * become episodes released by no one.
     *
     * @param bytes the file's size, for the report
     * @return the report
     */
    public TraceReport finish(long bytes) {
        long end = model.now();
        model.forEachLive((goid, func, state, reason, blocker, since) -> {
            if (state == GoroutineModel.State.BLOCKED) {
                episode(goid, func, reason, since, end - since, blocker, -1, "", 0);
            }
        });
        model.finish();
        List<TraceReport.Group> gs = new ArrayList<>();
        for (GroupAcc a : groups.values()) {
            gs.add(new TraceReport.Group(a.function, a.goroutines, a.running, a.runnable, a.blocked));
        }
        gs.sort(Comparator.comparingLong((TraceReport.Group g) -> g.running() + g.runnable() + g.blockedTotal())
                .reversed().thenComparing(TraceReport.Group::function));
        List<TraceReport.Episode> eps = new ArrayList<>(longest);
        eps.sort(Comparator.comparingLong(TraceReport.Episode::duration).reversed());
        List<TraceReport.Bin> bins = new ArrayList<>();
        long below = 0;
        for (long bound = 1_000; bound <= 1_000_000_000L; bound *= 10) {
            long n = latency.countBelow(bound);
            bins.add(new TraceReport.Bin(bound, n - below));
            below = n;
        }
        bins.add(new TraceReport.Bin(Long.MAX_VALUE, latency.count() - below));
        TraceReport.Latency lat = new TraceReport.Latency(latency.count(), latency.quantile(0.5),
                latency.quantile(0.9), latency.quantile(0.99), latency.max(), bins);
        List<io.go4j.trace.analysis.Match> matches = matcher.finish();
        return new TraceReport(events, bytes, first < 0 ? 0 : last - first, lat, gs, eps, matches, matcher.dropped());
    }
}
