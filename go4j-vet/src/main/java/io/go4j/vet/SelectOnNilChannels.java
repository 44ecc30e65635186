package io.go4j.vet;

import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;

import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.LinkType;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * SelectOnNilChannels reports a {@code select} whose cases are all on channels known to be nil: it
 * blocks forever, as Go's {@code select} does when every case's channel is nil.
 *
 * <p>The rule: a {@code Select.select} or {@code Select.choose} call with at least one case, every
 * argument a {@code Select.recv}/{@code recvOk}/{@code onRecv}/{@code onRecvOk}/{@code send}/{@code
 * onSend} call (so no default case) whose channel is {@code Chan.nil()} (possibly through
 * {@code recvOnly()}/{@code sendOnly()}), or an effectively final local variable initialised with
 * one. Channels set to nil later (Go's "disable this case" idiom) are not tracked: a select over
 * them is not reported.
 */
@BugPattern(
        summary = "select with only nil channels blocks forever",
        severity = ERROR,
        linkType = LinkType.CUSTOM,
        link = "https://github.com/go4j/go4j/tree/main/go4j-vet#selectonnilchannels",
        documentSuppression = false)
public final class SelectOnNilChannels extends BugChecker implements MethodInvocationTreeMatcher {

    /** Creates the check (Error Prone finds it through the service loader). */
    public SelectOnNilChannels() {}

    /** Reports a select whose every case is on a nil channel. */
    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
        if (!Go4jApi.SELECT_CALL.matches(tree, state) || tree.getArguments().isEmpty()) {
            return Description.NO_MATCH;
        }
        for (ExpressionTree arg : tree.getArguments()) {
            if (!(arg instanceof MethodInvocationTree c)
                    || !(Go4jApi.RECV_CASE.matches(c, state) || Go4jApi.SEND_CASE.matches(c, state))
                    || !knownNil(c.getArguments().get(0), state, 0)) {
                return Description.NO_MATCH;
            }
        }
        return buildDescription(tree).setMessage("select with only nil channels blocks forever:"
                + " a nil channel is never ready for a send or a receive, and there is no default case")
                .build();
    }

    /** True if the expression is surely a nil channel. */
    private static boolean knownNil(ExpressionTree e, VisitorState state, int depth) {
        e = ASTHelpers.stripParentheses(e);
        if (depth > 8) {
            return false;
        }
        if (e instanceof MethodInvocationTree m) {
            if (Go4jApi.CHAN_NIL.matches(m, state)) {
                return true;
            }
            if (m.getArguments().isEmpty() && m.getMethodSelect() instanceof MemberSelectTree ms
                    && (ms.getIdentifier().contentEquals("recvOnly") || ms.getIdentifier().contentEquals("sendOnly"))) {
                return knownNil(ms.getExpression(), state, depth + 1);
            }
            return false;
        }
        Element v = Go4jApi.localVariable(e);
        if (v == null || !ASTHelpers.isConsideredFinal(ASTHelpers.getSymbol(e))) {
            return false;
        }
        List<Tree> decl = Go4jApi.find(enclosingMethod(state), true,
                t -> t instanceof VariableTree vt && ASTHelpers.getSymbol(vt) == v);
        return decl.size() == 1 && ((VariableTree) decl.get(0)).getInitializer() != null
                && knownNil(((VariableTree) decl.get(0)).getInitializer(), state, depth + 1);
    }

    private static Tree enclosingMethod(VisitorState state) {
        Tree outermost = state.getPath().getLeaf();
        for (TreePath p = state.getPath(); p != null; p = p.getParentPath()) {
            if (p.getLeaf() instanceof com.sun.source.tree.MethodTree m) {
                return m;
            }
            outermost = p.getLeaf();
        }
        return outermost;
    }
}
