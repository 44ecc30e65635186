package io.go4j.vet;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.LinkType;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.ExpressionStatementTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.VariableTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;
import java.util.List;

/**
 * LostCancel reports a {@code CancelContext}, {@code Timer} or {@code Ticker} that a method creates
 * and may not cancel (or stop, or close) before it returns: Go vet's {@code lostcancel}.
 *
 * <p>The rule, for a local variable initialised by {@code Context.withCancel}, {@code withCancelCause},
 * {@code withDeadline}, {@code withTimeout}, {@code withDeadlineCause}, {@code withTimeoutCause},
 * {@code Time.newTimer} or {@code Time.newTicker}: the statements after its declaration, in its
 * block, must reach a statement {@code v.cancel()}, {@code v.close()} or {@code v.stop()} (also as
 * a value that no {@code ?:}, {@code &&} or {@code ||} may skip: {@code assertTrue(t.stop())}; or an
 * {@code if}/{@code else} doing so in both branches, or a {@code try} whose {@code finally} does so;
 * for a timer, a statement that receives from {@code v.c()} with {@code recv()}: a fired timer holds
 * nothing)
 * before the block ends, and no {@code return} or {@code throw} may come before it unless a close
 * precedes it in its own block or a {@code finally} covers it. A handle in try-with-resources is
 * fine; a handle that escapes (returned, assigned, stored, passed to a parameter that is not a plain
 * {@code Context}, captured by a method reference or cancelled in a lambda) is not reported. A
 * creation whose result is discarded is always reported.
 */
@BugPattern(
        summary = "the cancel handle (CancelContext, Timer, Ticker) is not cancelled on all paths"
                + " (possible context leak)",
        severity = WARNING,
        linkType = LinkType.CUSTOM,
        link = "https://github.com/go4j/go4j/tree/main/go4j-vet#lostcancel",
        documentSuppression = false)
public final class LostCancel extends BugChecker
        implements VariableTreeMatcher, ExpressionStatementTreeMatcher {

    private static final String[] CLOSERS = {"cancel", "close", "stop"};

    /** Creates the check (Error Prone finds it through the service loader). */
    public LostCancel() {}

    /** Reports a creation whose handle is discarded. */
    @Override
    public Description matchExpressionStatement(ExpressionStatementTree tree, VisitorState state) {
        ExpressionTree e = tree.getExpression();
        if (!isCreator(e, state)) {
            return Description.NO_MATCH;
        }
        String what = ((MethodInvocationTree) e).getMethodSelect() instanceof MemberSelectTree ms
                ? ms.getIdentifier().toString() : "it";
        return buildDescription(tree)
                .setMessage("the handle returned by " + what + " should be cancelled, not discarded,"
                        + " to avoid a " + (Go4jApi.CANCEL_CREATOR.matches(e, state) ? "context" : "timer")
                        + " leak")
                .build();
    }

    /** Reports a local handle that is not cancelled on every path. */
    @Override
    public Description matchVariable(VariableTree tree, VisitorState state) {
        ExpressionTree init = tree.getInitializer();
        if (init == null || !isCreator(init, state)) {
            return Description.NO_MATCH;
        }
        Element v = ASTHelpers.getSymbol(tree);
        if (v == null || !Go4jApi.isLocal(v)) {
            return Description.NO_MATCH; // a field: stored, so it escapes
        }
        Tree parent = state.getPath().getParentPath().getLeaf();
        if (!(parent instanceof BlockTree block)) {
            return Description.NO_MATCH; // a resource of try-with-resources, or a for-loop variable
        }
        Tree function = functionBody(state.getPath());
        if (function == null || escapes(v, function, state)) {
            return Description.NO_MATCH;
        }
        List<? extends StatementTree> stmts = block.getStatements();
        int at = stmts.indexOf(tree);
        Tree leak = null; // the first exit reached without a close, or the block itself
        boolean closed = false;
        for (int i = at + 1; i < stmts.size() && !closed; i++) {
            StatementTree s = stmts.get(i);
            for (Tree exit : Go4jApi.find(s, false, t -> t instanceof ReturnTree || t instanceof ThrowTree)) {
                if (!covered(exit, s, v, state)) {
                    leak = exit;
                    break;
                }
            }
            if (leak != null) {
                break;
            }
            closed = closes(s, v);
        }
        if (leak == null && closed) {
            return Description.NO_MATCH;
        }
        String name = v.getSimpleName().toString();
        String where = leak == null
                ? "the end of its block is reached without cancelling it"
                : "the " + (leak instanceof ReturnTree ? "return" : "throw") + " statement on line "
                        + state.getPath().getCompilationUnit().getLineMap()
                                .getLineNumber(ASTHelpers.getStartPosition(leak))
                        + " may be reached without cancelling it";
        Description.Builder d = buildDescription(tree).setMessage(name + " is not cancelled on all paths"
                + " (possible " + (Go4jApi.CANCEL_CREATOR.matches(init, state) ? "context" : "timer")
                + " leak): " + where + "; use try-with-resources, or cancel it in a finally");
        boolean effectivelyFinal = ASTHelpers.isConsideredFinal(ASTHelpers.getSymbol(tree));
        if (effectivelyFinal && at + 1 < stmts.size()) {
            d.addFix(SuggestedFix.builder()
                    .prefixWith(stmts.get(at + 1), "try (" + name + ") {\n")
                    .postfixWith(stmts.get(stmts.size() - 1), "\n}")
                    .build());
        }
        return d.build();
    }

    private static boolean isCreator(ExpressionTree e, VisitorState state) {
        return Go4jApi.CANCEL_CREATOR.matches(e, state) || Go4jApi.TIMER_CREATOR.matches(e, state);
    }

    /** The body of the innermost method or lambda around the current node. */
    private static Tree functionBody(TreePath path) {
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (t instanceof LambdaExpressionTree l) {
                return l.getBody();
            }
            if (t instanceof com.sun.source.tree.MethodTree m) {
                return m.getBody();
            }
        }
        return null;
    }

    /** True if {@code s} is a statement that surely closes {@code v}, or receives its timer's tick. */
    private static boolean closes(StatementTree s, Element v) {
        if (s instanceof ExpressionStatementTree es && Go4jApi.isCallOn(es.getExpression(), v, CLOSERS)) {
            return true;
        }
        if ((s instanceof ExpressionStatementTree || s instanceof VariableTree) && closesAsAValue(s, v)) {
            return true;
        }
        if ((s instanceof ExpressionStatementTree || s instanceof VariableTree)
                && Go4jApi.isType(v.asType(), "io.go4j.time.Timer")) {
            // t.c().recv(), even inside an expression: a timer that has fired holds nothing.
            return Go4jApi.contains(s, t -> t instanceof MethodInvocationTree m
                    && m.getMethodSelect() instanceof MemberSelectTree ms && ms.getIdentifier().contentEquals("recv")
                    && m.getArguments().isEmpty() && Go4jApi.isCallOn(ms.getExpression(), v, "c"));
        }
        if (s instanceof BlockTree b) {
            return b.getStatements().stream().anyMatch(x -> closes(x, v));
        }
        if (s instanceof IfTree i) {
            return i.getElseStatement() != null
                    && closes(i.getThenStatement(), v) && closes(i.getElseStatement(), v);
        }
        if (s instanceof TryTree t) {
            return (t.getFinallyBlock() != null && closes(t.getFinallyBlock(), v)) || closes(t.getBlock(), v);
        }
        return false;
    }

    /**
     * True if the statement calls {@code v.cancel()}, {@code close()} or {@code stop()} for its
     * value, always: {@code assertTrue(t.stop())}, {@code boolean stopped = t.stop();}. Not a call
     * in a lambda or class (it runs elsewhere, or never), nor one that a {@code ?:}, {@code &&} or
     * {@code ||} may skip.
     */
    private static boolean closesAsAValue(StatementTree s, Element v) {
        List<Tree> conditional = Go4jApi.find(s, false, t -> t instanceof ConditionalExpressionTree
                || t.getKind() == Tree.Kind.CONDITIONAL_AND || t.getKind() == Tree.Kind.CONDITIONAL_OR);
        return Go4jApi.contains(s, t -> Go4jApi.isCallOn(t, v, CLOSERS)
                && conditional.stream().noneMatch(c -> Go4jApi.contains(c, x -> x == t)));
    }

    /**
     * True if the exit, inside the statement {@code top}, is preceded by a close in one of its
     * enclosing blocks, or lies in a try whose finally closes.
     */
    private static boolean covered(Tree exit, StatementTree top, Element v, VisitorState state) {
        TreePath path = TreePath.getPath(state.getPath().getCompilationUnit(), exit);
        Tree child = exit;
        for (TreePath p = path.getParentPath(); p != null && child != top; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (t instanceof BlockTree b) {
                for (StatementTree s : b.getStatements()) {
                    if (s == child) {
                        break;
                    }
                    if (closes(s, v)) {
                        return true;
                    }
                }
            }
            if (t instanceof TryTree tt && tt.getFinallyBlock() != null && child != tt.getFinallyBlock()
                    && closes(tt.getFinallyBlock(), v)) {
                return true;
            }
            child = t;
        }
        return false;
    }

    /**
     * True if the handle leaves the function's control: returned, assigned, stored, passed where a
     * plain {@code Context} is not expected, captured by a method reference, or closed in a lambda
     * or inner class (handed to a callback).
     */
    private static boolean escapes(Element v, Tree function, VisitorState state) {
        for (Tree ref : Go4jApi.find(function, true, t -> Go4jApi.isRef(t, v))) {
            TreePath path = TreePath.getPath(state.getPath().getCompilationUnit(), ref);
            Tree child = ref;
            TreePath up = path.getParentPath();
            while (up.getLeaf() instanceof ParenthesizedTree) {
                child = up.getLeaf();
                up = up.getParentPath();
            }
            Tree parent = up.getLeaf();
            if (parent instanceof MemberSelectTree) {
                if (up.getParentPath().getLeaf() instanceof MethodInvocationTree call
                        && Go4jApi.isCallOn(call, v, CLOSERS) && insideFunctionBoundary(up, function)) {
                    return true; // cancelled by a callback or a goroutine: handed off
                }
                continue;
            }
            if (parent instanceof BinaryTree || parent instanceof InstanceOfTree) {
                continue;
            }
            if (parent instanceof MethodInvocationTree call && call.getArguments().contains(child)
                    && contextParameter(call, call.getArguments().indexOf(child))) {
                continue;
            }
            return true;
        }
        return false;
    }

    private static boolean insideFunctionBoundary(TreePath path, Tree function) {
        for (TreePath p = path; p != null && p.getLeaf() != function; p = p.getParentPath()) {
            if (Go4jApi.isFunctionBoundary(p.getLeaf())) {
                return true;
            }
        }
        return false;
    }

    /** True if the call's parameter at {@code index} is declared as a plain Context. */
    private static boolean contextParameter(MethodInvocationTree call, int index) {
        var m = ASTHelpers.getSymbol(call);
        if (m == null || m.getParameters().isEmpty()) {
            return false;
        }
        TypeMirror t = m.getParameters().get(Math.min(index, m.getParameters().size() - 1)).asType();
        return Go4jApi.isType(t, Go4jApi.CONTEXT);
    }
}
