package io.go4j.vet;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.LinkType;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;

/**
 * TimeAfterInLoop reports {@code Time.after} in a long-lived loop around a {@code select}: each
 * iteration creates a new timer (Go's "time.After in a for-select loop" leak, the reason Go's docs
 * point to {@code NewTimer} and {@code Reset}).
 *
 * <p>The rule: a {@code Time.after(d)} call that is an argument (at any depth) of a
 * {@code Select.select} or {@code Select.choose} call, or the initialiser of a local variable declared
 * in the same loop body as such a call, where the innermost loop around it (in the same method or
 * lambda) is a {@code while}, a {@code do}, or a {@code for} without an update part
 * ({@code for (;;)}). Counted {@code for} loops and enhanced {@code for} loops are bounded and not
 * reported.
 */
@BugPattern(
        summary = "Time.after in a loop around a select creates a timer on every iteration",
        severity = WARNING,
        linkType = LinkType.CUSTOM,
        link = "https://github.com/go4j/go4j/tree/main/go4j-vet#timeafterinloop",
        documentSuppression = false)
public final class TimeAfterInLoop extends BugChecker implements MethodInvocationTreeMatcher {

    private static final Matcher<ExpressionTree> AFTER = staticMethod().onClass(Go4jApi.TIME).named("after");

    /** Creates the check (Error Prone finds it through the service loader). */
    public TimeAfterInLoop() {}

    /** Reports a Time.after that feeds a select in a long-lived loop. */
    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
        if (!AFTER.matches(tree, state) || !feedsSelect(state)) {
            return Description.NO_MATCH;
        }
        Tree loop = Go4jApi.enclosingLoop(state.getPath());
        if (!longLived(loop)) {
            return Description.NO_MATCH;
        }
        return buildDescription(tree).setMessage("Time.after in a loop around a select creates a new"
                + " timer on every iteration, which lives until it fires; create one Timer before the"
                + " loop (Time.newTimer) and reset it each iteration (timer.reset(d)), or use a Ticker")
                .build();
    }

    /** True if the call is inside a select's arguments, or initialises a local used by a select in its block. */
    private static boolean feedsSelect(VisitorState state) {
        for (TreePath p = state.getPath().getParentPath(); p != null; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (Go4jApi.isFunctionBoundary(t) || t instanceof StatementTree) {
                if (t instanceof VariableTree && p.getParentPath().getLeaf() instanceof BlockTree b) {
                    return Go4jApi.contains(b, x -> x instanceof MethodInvocationTree m
                            && Go4jApi.SELECT_CALL.matches(m, state));
                }
                return false;
            }
            if (t instanceof MethodInvocationTree m && Go4jApi.SELECT_CALL.matches(m, state)) {
                return true;
            }
        }
        return false;
    }

    private static boolean longLived(Tree loop) {
        return loop instanceof WhileLoopTree || loop instanceof DoWhileLoopTree
                || (loop instanceof ForLoopTree f && f.getUpdate().isEmpty());
    }
}
