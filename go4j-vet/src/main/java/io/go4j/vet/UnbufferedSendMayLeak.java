package io.go4j.vet;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.LinkType;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * UnbufferedSendMayLeak reports a goroutine that sends its result on an unbuffered channel that the
 * method which started it may leave without receiving from: the classic goroutine leak (the
 * caller's {@code select} takes a timeout or {@code ctx.done()} case, or the caller returns or
 * throws early; the sender blocks forever).
 *
 * <p>The rule, for a {@code Go.go(() -> ...)} call whose lambda sends ({@code ch.send(v)}) on a local
 * channel {@code ch} of the enclosing method: {@code ch} is declared there with
 * {@code Chan.make()} or {@code Chan.make(0)}, and {@code ch} is used nowhere but in the goroutine's
 * sends and in receives (not passed, returned or stored: someone else could receive). Then either
 * <ul>
 *   <li>the method receives from it only through a receive case of a {@code Select.select}/{@code
 *       choose} that has other cases too; or
 *   <li>the {@code Go.go(...)} is a statement of a block, every receive from {@code ch} is in the same
 *       method or lambda, and a {@code return} or {@code throw} in a statement after the
 *       {@code Go.go} and before the first statement of that block which receives leaves without
 *       receiving (not a {@code throw} that a {@code try} around it may catch, nor an exit inside a
 *       {@code try} whose {@code finally} receives).
 * </ul>
 * The fix makes the channel buffered with capacity 1 when the goroutine sends once (one send, not
 * in a loop), which lets the send complete with no receiver.
 */
@BugPattern(
        summary = "a goroutine's send on an unbuffered channel may block forever (goroutine leak)",
        severity = WARNING,
        linkType = LinkType.CUSTOM,
        link = "https://github.com/go4j/go4j/tree/main/go4j-vet#unbufferedsendmayleak",
        documentSuppression = false)
public final class UnbufferedSendMayLeak extends BugChecker implements MethodInvocationTreeMatcher {

    /*
     * Implementation notes
     *
     * 1. Two paths leave without receiving: a select that takes another case, and an exit (return,
     *    throw) between the Go.go and the first receive. Both need every use of the channel in view
     *    (receives collects them, or gives up), so that nobody else can receive.
     * 2. The exit rule stays within the Go.go's block: the first statement that contains a receive
     *    (anywhere in it, even under an if) ends the search, and exits inside that statement are not
     *    looked at; a receive the go statement's function does not make itself (in a lambda, another
     *    goroutine) means someone else may receive, and nothing is reported. A Go.go whose thread is
     *    kept (Thread t = Go.go(...)) is left alone: the method may interrupt it before leaving.
     */

    /** Creates the check (Error Prone finds it through the service loader). */
    public UnbufferedSendMayLeak() {}

    /** Reports the sends of a goroutine on an unbuffered channel the method may leave without receiving. */
    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
        if (!Go4jApi.GO_STATEMENT.matches(tree, state) || tree.getArguments().isEmpty()
                || !(tree.getArguments().get(tree.getArguments().size() - 1) instanceof LambdaExpressionTree lambda)) {
            return Description.NO_MATCH;
        }
        MethodTree method = ASTHelpers.findEnclosingNode(state.getPath(), MethodTree.class);
        if (method == null || method.getBody() == null) {
            return Description.NO_MATCH;
        }
        List<Tree> sends = Go4jApi.find(lambda.getBody(), false,
                t -> t instanceof MethodInvocationTree m && Go4jApi.CHAN_SEND.matches(m, state)
                        && Go4jApi.localVariable(Go4jApi.receiver(m)) != null);
        for (Tree t : sends) {
            Element ch = Go4jApi.localVariable(Go4jApi.receiver((MethodInvocationTree) t));
            VariableTree decl = unbufferedDeclaration(method, ch, state);
            if (decl == null) {
                continue;
            }
            List<Tree> receives = receives(method, ch, lambda, state);
            if (receives == null || receives.isEmpty()) {
                continue;
            }
            String name = ch.getSimpleName().toString();
            String path;
            Tree exit = exitBeforeReceive(receives, state);
            if (exit != null) {
                path = "the " + (exit instanceof ReturnTree ? "return" : "throw") + " statement on line "
                        + line(exit, state) + " leaves before the method receives from " + name;
            } else if (receives.size() == 1 && selectOf(receives.get(0), state) instanceof MethodInvocationTree select) {
                path = "the select on line " + line(select, state) + " can take another case";
            } else {
                continue;
            }
            List<Tree> sendsOnCh = Go4jApi.find(lambda.getBody(), true,
                    x -> x instanceof MethodInvocationTree m && Go4jApi.isCallOn(m, ch, "send"));
            Description.Builder d = buildDescription(t).setMessage("this goroutine may block forever on "
                    + name + ".send: " + name + " is unbuffered and " + path
                    + ", after which nobody receives; make " + name
                    + " buffered (Chan.make(1)) so that the send completes without a receiver");
            if (sendsOnCh.size() == 1 && !insideLoopWithin(lambda, t, state)) {
                MethodInvocationTree make = (MethodInvocationTree) decl.getInitializer();
                d.addFix(SuggestedFix.replace(make,
                        state.getSourceForNode(make.getMethodSelect()) + "(1)"));
            }
            state.reportMatch(d.build());
        }
        return Description.NO_MATCH;
    }

    /** The declaration of {@code ch} if it is initialised with an unbuffered Chan.make. */
    private static VariableTree unbufferedDeclaration(MethodTree method, Element ch, VisitorState state) {
        List<Tree> decls = Go4jApi.find(method.getBody(), true,
                t -> t instanceof VariableTree v && ASTHelpers.getSymbol(v) == ch);
        if (decls.size() != 1 || !(((VariableTree) decls.get(0)).getInitializer() instanceof MethodInvocationTree make)
                || !Go4jApi.CHAN_MAKE.matches(make, state)) {
            return null;
        }
        boolean unbuffered = make.getArguments().isEmpty()
                || (make.getArguments().get(0) instanceof LiteralTree l && Integer.valueOf(0).equals(l.getValue()));
        return unbuffered ? (VariableTree) decls.get(0) : null;
    }

    /**
     * The receives from {@code ch} in the method: each a {@code ch.recv()} or {@code ch.recvOk()}
     * call, a receive case of a select, or an enhanced {@code for} over {@code ch}; null if
     * {@code ch} is used in any other way than these and the goroutine's sends.
     */
    private static List<Tree> receives(MethodTree method, Element ch, LambdaExpressionTree goroutine,
            VisitorState state) {
        List<Tree> receives = new ArrayList<>();
        for (Tree ref : Go4jApi.find(method.getBody(), true, t -> Go4jApi.isRef(t, ch))) {
            TreePath path = TreePath.getPath(state.getPath().getCompilationUnit(), ref);
            Tree parent = path.getParentPath().getLeaf();
            Tree grandparent = path.getParentPath().getParentPath().getLeaf();
            if (parent instanceof MemberSelectTree ms && ms.getIdentifier().contentEquals("send")
                    && within(path, goroutine)) {
                continue;
            }
            if (parent instanceof MemberSelectTree ms
                    && (ms.getIdentifier().contentEquals("recv") || ms.getIdentifier().contentEquals("recvOk"))
                    && grandparent instanceof MethodInvocationTree call && call.getArguments().isEmpty()) {
                receives.add(call);
                continue;
            }
            if (parent instanceof MethodInvocationTree recvCase && Go4jApi.RECV_CASE.matches(recvCase, state)
                    && recvCase.getArguments().get(0) == ref) {
                receives.add(recvCase);
                continue;
            }
            if (parent instanceof EnhancedForLoopTree loop && loop.getExpression() == ref) {
                receives.add(loop);
                continue;
            }
            return null;
        }
        return receives;
    }

    /** The select of which {@code receive} is a case, if it has other cases too; null otherwise. */
    private static MethodInvocationTree selectOf(Tree receive, VisitorState state) {
        if (!(receive instanceof MethodInvocationTree recvCase) || !Go4jApi.RECV_CASE.matches(recvCase, state)) {
            return null;
        }
        TreePath path = TreePath.getPath(state.getPath().getCompilationUnit(), receive);
        return path.getParentPath().getLeaf() instanceof MethodInvocationTree s
                && Go4jApi.SELECT_CALL.matches(s, state) && s.getArguments().size() > 1 ? s : null;
    }

    /**
     * The first return or throw that leaves the current Go.go's function after the Go.go statement
     * and before the first statement of its block that receives from {@code ch}; null if there is
     * none, or if the rule does not apply (see the implementation notes).
     */
    private static Tree exitBeforeReceive(List<Tree> receives, VisitorState state) {
        TreePath goPath = state.getPath();
        Tree statement = goPath.getParentPath().getLeaf();
        if (!(statement instanceof ExpressionStatementTree)
                || !(goPath.getParentPath().getParentPath().getLeaf() instanceof BlockTree block)) {
            return null;
        }
        Tree function = enclosingFunction(goPath);
        for (Tree r : receives) {
            if (enclosingFunction(TreePath.getPath(state.getPath().getCompilationUnit(), r)) != function) {
                return null; // another function receives: a goroutine or a callback may
            }
        }
        List<? extends StatementTree> stmts = block.getStatements();
        int first = -1;
        for (int i = stmts.indexOf(statement) + 1; i < stmts.size() && first < 0; i++) {
            StatementTree s = stmts.get(i);
            if (Go4jApi.contains(s, t -> receives.contains(t))) {
                first = i;
            }
        }
        if (first < 0) {
            return null; // no receive after the go statement in its block: out of this rule's sight
        }
        for (int i = stmts.indexOf(statement) + 1; i < first; i++) {
            for (Tree exit : Go4jApi.find(stmts.get(i), false, t -> t instanceof ReturnTree || t instanceof ThrowTree)) {
                if (!mayStillReceive(exit, function, receives, state)) {
                    return exit;
                }
            }
        }
        return null;
    }

    /**
     * True if a try around the exit (within its function) may still receive: its finally receives,
     * or, for a throw in its block, it has a catch (after which the method may go on to receive).
     */
    private static boolean mayStillReceive(Tree exit, Tree function, List<Tree> receives, VisitorState state) {
        Tree child = exit;
        for (TreePath p = TreePath.getPath(state.getPath().getCompilationUnit(), exit).getParentPath();
                p != null && p.getLeaf() != function; p = p.getParentPath()) {
            if (p.getLeaf() instanceof TryTree t) {
                if (exit instanceof ThrowTree && child == t.getBlock() && !t.getCatches().isEmpty()) {
                    return true;
                }
                if (t.getFinallyBlock() != null && child != t.getFinallyBlock()
                        && Go4jApi.contains(t.getFinallyBlock(), receives::contains)) {
                    return true;
                }
            }
            child = p.getLeaf();
        }
        return false;
    }

    /** The innermost lambda, method or class around the node at {@code path} (itself excluded). */
    private static Tree enclosingFunction(TreePath path) {
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            if (Go4jApi.isFunctionBoundary(p.getLeaf())) {
                return p.getLeaf();
            }
        }
        return null;
    }

    private static long line(Tree t, VisitorState state) {
        return state.getPath().getCompilationUnit().getLineMap().getLineNumber(ASTHelpers.getStartPosition(t));
    }

    private static boolean within(TreePath path, Tree ancestor) {
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            if (p.getLeaf() == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static boolean insideLoopWithin(LambdaExpressionTree lambda, Tree send, VisitorState state) {
        TreePath path = TreePath.getPath(state.getPath().getCompilationUnit(), send);
        for (TreePath p = path; p != null && p.getLeaf() != lambda; p = p.getParentPath()) {
            if (Go4jApi.isLoop(p.getLeaf())) {
                return true;
            }
        }
        return false;
    }
}
