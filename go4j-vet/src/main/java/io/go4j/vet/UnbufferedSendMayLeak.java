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
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * UnbufferedSendMayLeak reports a goroutine that sends its result on an unbuffered channel that the
 * caller may stop receiving from: the classic goroutine leak (the caller's {@code select} takes a
 * timeout or {@code ctx.done()} case and returns; the sender blocks forever).
 *
 * <p>The rule, for a {@code Go.go(() -> ...)} call whose lambda sends ({@code ch.send(v)}) on a local
 * channel {@code ch} of the enclosing method: {@code ch} is declared there with
 * {@code Chan.make()} or {@code Chan.make(0)}; the method receives from it only through a receive
 * case of a {@code Select.select}/{@code choose} that has other cases too; and {@code ch} is used
 * nowhere else (not passed, returned or stored: someone else could receive). The fix makes the
 * channel buffered with capacity 1 when the goroutine sends once (one send, not in a loop), which
 * lets the send complete with no receiver.
 */
@BugPattern(
        summary = "a goroutine's send on an unbuffered channel may block forever (goroutine leak)",
        severity = WARNING,
        linkType = LinkType.CUSTOM,
        link = "https://github.com/go4j/go4j/tree/main/go4j-vet#unbufferedsendmayleak",
        documentSuppression = false)
public final class UnbufferedSendMayLeak extends BugChecker implements MethodInvocationTreeMatcher {

    /** Creates the check (Error Prone finds it through the service loader). */
    public UnbufferedSendMayLeak() {}

    /** Reports the sends of a goroutine on an unbuffered channel received only by a select. */
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
            MethodInvocationTree select = onlyReceivedBySelect(method, ch, lambda, state);
            if (select == null) {
                continue;
            }
            List<Tree> sendsOnCh = Go4jApi.find(lambda.getBody(), true,
                    x -> x instanceof MethodInvocationTree m && Go4jApi.isCallOn(m, ch, "send"));
            String name = ch.getSimpleName().toString();
            long line = state.getPath().getCompilationUnit().getLineMap()
                    .getLineNumber(ASTHelpers.getStartPosition(select));
            Description.Builder d = buildDescription(t).setMessage("this goroutine may block forever on "
                    + name + ".send: " + name + " is unbuffered and the select on line " + line
                    + " can take another case, after which nobody receives; make " + name
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
     * The select through which the method receives from {@code ch}, if that select has other cases
     * and every other use of {@code ch} is a send in the goroutine; null otherwise.
     */
    private static MethodInvocationTree onlyReceivedBySelect(MethodTree method, Element ch,
            LambdaExpressionTree goroutine, VisitorState state) {
        MethodInvocationTree select = null;
        for (Tree ref : Go4jApi.find(method.getBody(), true, t -> Go4jApi.isRef(t, ch))) {
            TreePath path = TreePath.getPath(state.getPath().getCompilationUnit(), ref);
            Tree parent = path.getParentPath().getLeaf();
            if (parent instanceof MemberSelectTree ms && ms.getIdentifier().contentEquals("send")
                    && within(path, goroutine)) {
                continue;
            }
            if (parent instanceof MethodInvocationTree recvCase && Go4jApi.RECV_CASE.matches(recvCase, state)
                    && recvCase.getArguments().get(0) == ref
                    && path.getParentPath().getParentPath().getLeaf() instanceof MethodInvocationTree s
                    && Go4jApi.SELECT_CALL.matches(s, state) && s.getArguments().size() > 1 && select == null) {
                select = s;
                continue;
            }
            return null;
        }
        return select;
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
