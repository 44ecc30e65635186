package io.go4j.vet;

import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.LinkType;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;

/**
 * WaitGroupAddInGoroutine reports {@code WaitGroup.add} called inside the goroutine it counts: Go
 * 1.25 vet's {@code waitgroup} analyser.
 *
 * <p>The rule: a call {@code wg.add(...)} on an {@code io.go4j.sync.WaitGroup} in the body of the
 * lambda passed to {@code Go.go} or {@code Go.goLocked} (not in a lambda or class nested in it).
 * The add races with {@code wg.await()}: the waiter may see a zero counter and return before the
 * goroutine has started. When the add is the lambda's first statement and the {@code Go.go} call is
 * a statement, the fix moves the add before it.
 */
@BugPattern(
        summary = "WaitGroup.add called from inside new goroutine",
        severity = ERROR,
        linkType = LinkType.CUSTOM,
        link = "https://github.com/go4j/go4j/tree/main/go4j-vet#waitgroupaddingoroutine",
        documentSuppression = false)
public final class WaitGroupAddInGoroutine extends BugChecker implements MethodInvocationTreeMatcher {

    private static final Matcher<ExpressionTree> ADD =
            instanceMethod().onExactClass(Go4jApi.WAIT_GROUP).named("add");

    /** Creates the check (Error Prone finds it through the service loader). */
    public WaitGroupAddInGoroutine() {}

    /** Reports each {@code add} in the goroutine started by a {@code Go.go} call. */
    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
        if (!Go4jApi.GO_STATEMENT.matches(tree, state) || tree.getArguments().isEmpty()
                || !(tree.getArguments().get(tree.getArguments().size() - 1) instanceof LambdaExpressionTree lambda)) {
            return Description.NO_MATCH;
        }
        Tree goStatement = state.getPath().getParentPath().getLeaf();
        for (Tree t : Go4jApi.find(lambda.getBody(), false, t -> t instanceof MethodInvocationTree m && ADD.matches(m, state))) {
            MethodInvocationTree add = (MethodInvocationTree) t;
            String wg = state.getSourceForNode(Go4jApi.receiver(add));
            Description.Builder d = buildDescription(add).setMessage("WaitGroup.add called from inside new"
                    + " goroutine: " + wg + ".await() may return before this goroutine has started; call "
                    + wg + ".add before Go.go, or start the goroutine with " + wg + ".go(...)");
            if (goStatement instanceof ExpressionStatementTree
                    && lambda.getBody() instanceof BlockTree body && !body.getStatements().isEmpty()
                    && body.getStatements().get(0) instanceof ExpressionStatementTree first
                    && first.getExpression() == add) {
                d.addFix(SuggestedFix.builder()
                        .delete(first)
                        .prefixWith(goStatement, state.getSourceForNode(first) + "\n")
                        .build());
            }
            state.reportMatch(d.build());
        }
        return Description.NO_MATCH;
    }
}
