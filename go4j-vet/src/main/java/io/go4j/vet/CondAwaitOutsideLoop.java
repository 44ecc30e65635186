package io.go4j.vet;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.LinkType;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;

/**
 * CondAwaitOutsideLoop reports {@code Cond.await()} that is not inside a loop: the documented misuse
 * of Go's {@code sync.Cond.Wait} ("the caller should Wait in a loop").
 *
 * <p>The rule: a call {@code c.await()} on an {@code io.go4j.sync.Cond} with no {@code while},
 * {@code do}, {@code for} or enhanced {@code for} around it in the same method or lambda. When the
 * await is the body of an {@code if} without {@code else} (alone or last in its block), the fix turns
 * the {@code if} into a {@code while}.
 */
@BugPattern(
        summary = "Cond.await outside a loop: the condition may not hold when it returns",
        severity = WARNING,
        linkType = LinkType.CUSTOM,
        link = "https://github.com/go4j/go4j/tree/main/go4j-vet#condawaitoutsideloop",
        documentSuppression = false)
public final class CondAwaitOutsideLoop extends BugChecker implements MethodInvocationTreeMatcher {

    private static final Matcher<ExpressionTree> AWAIT =
            instanceMethod().onExactClass(Go4jApi.COND).named("await");

    /** Creates the check (Error Prone finds it through the service loader). */
    public CondAwaitOutsideLoop() {}

    /** Reports an await with no loop around it. */
    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
        if (!AWAIT.matches(tree, state) || Go4jApi.enclosingLoop(state.getPath()) != null) {
            return Description.NO_MATCH;
        }
        String c = state.getSourceForNode(Go4jApi.receiver(tree));
        Description.Builder d = buildDescription(tree).setMessage("Cond.await outside a loop: because "
                + c + "'s locker is not held while await waits, the condition may not hold when it"
                + " returns; await in a loop: while (!condition) " + c + ".await();");
        IfTree guard = guardingIf(state.getPath().getParentPath());
        if (guard != null) {
            int start = ASTHelpers.getStartPosition(guard);
            d.addFix(SuggestedFix.replace(start, start + "if".length(), "while"));
        }
        return d.build();
    }

    /** The if without else whose body ends with the statement at {@code stmt}, if any. */
    private static IfTree guardingIf(TreePath stmt) {
        Tree s = stmt.getLeaf();
        Tree parent = stmt.getParentPath().getLeaf();
        if (parent instanceof BlockTree b && !b.getStatements().isEmpty()
                && b.getStatements().get(b.getStatements().size() - 1) == s) {
            s = parent;
            parent = stmt.getParentPath().getParentPath().getLeaf();
        }
        return parent instanceof IfTree i && i.getElseStatement() == null && i.getThenStatement() == s ? i : null;
    }
}
