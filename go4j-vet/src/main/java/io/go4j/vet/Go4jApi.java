package io.go4j.vet;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Go4jApi names the parts of go4j's API that the checks look for, by fully qualified name, and the
 * few tree walks they share.
 */
final class Go4jApi {

    /*
     * Implementation notes
     *
     * 1. go4j-vet never loads go4j's classes: every matcher names a type or method as a string, so
     *    the plugin works whatever go4j version the analysed code compiles against (a renamed method
     *    silently stops matching: the tests, which compile against the real go4j-core, catch that).
     * 2. "Function boundary": a lambda, a method or a class body. A walk that asks "is this inside a
     *    loop" or "is this on the path of that block" stops at one, because code there runs at
     *    another time (a goroutine, a callback) than the code around it.
     */

    static final String CONTEXT = "io.go4j.context.Context";
    static final String CANCEL_CONTEXT = "io.go4j.context.CancelContext";
    static final String TIME = "io.go4j.time.Time";
    static final String CHAN = "io.go4j.Chan";
    static final String SELECT = "io.go4j.Select";
    static final String GO = "io.go4j.Go";
    static final String WAIT_GROUP = "io.go4j.sync.WaitGroup";
    static final String LOCKER = "io.go4j.sync.Locker";
    static final String MUTEX = "io.go4j.sync.Mutex";
    static final String RW_MUTEX = "io.go4j.sync.RWMutex";
    static final String COND = "io.go4j.sync.Cond";

    /** Context.withCancel and friends: each returns a handle that must be cancelled. */
    static final Matcher<ExpressionTree> CANCEL_CREATOR = staticMethod().onClass(CONTEXT)
            .namedAnyOf("withCancel", "withCancelCause", "withDeadline", "withTimeout",
                    "withDeadlineCause", "withTimeoutCause");

    /** Time.newTimer and Time.newTicker: each returns a handle that must be stopped. */
    static final Matcher<ExpressionTree> TIMER_CREATOR =
            staticMethod().onClass(TIME).namedAnyOf("newTimer", "newTicker");

    /** Go.go and Go.goLocked, whose last argument runs in a new goroutine. */
    static final Matcher<ExpressionTree> GO_STATEMENT =
            staticMethod().onClass(GO).namedAnyOf("go", "goLocked");

    /** Select.select and Select.choose. */
    static final Matcher<ExpressionTree> SELECT_CALL =
            staticMethod().onClass(SELECT).namedAnyOf("select", "choose");

    /** The select cases that receive: their first argument is the channel. */
    static final Matcher<ExpressionTree> RECV_CASE =
            staticMethod().onClass(SELECT).namedAnyOf("recv", "recvOk", "onRecv", "onRecvOk");

    /** The select cases that send: their first argument is the channel. */
    static final Matcher<ExpressionTree> SEND_CASE =
            staticMethod().onClass(SELECT).namedAnyOf("send", "onSend");

    /** The default select cases. */
    static final Matcher<ExpressionTree> DEFAULT_CASE =
            staticMethod().onClass(SELECT).namedAnyOf("defaultCase", "onDefault");

    /** Chan.make, with or without a capacity. */
    static final Matcher<ExpressionTree> CHAN_MAKE = staticMethod().onClass(CHAN).named("make");

    /** Chan.nil. */
    static final Matcher<ExpressionTree> CHAN_NIL = staticMethod().onClass(CHAN).named("nil");

    /** A blocking send on a channel (Chan or SendChan). */
    static final Matcher<ExpressionTree> CHAN_SEND =
            instanceMethod().onDescendantOf("io.go4j.SendChan").named("send");

    private Go4jApi() {}

    /** The variable that {@code tree} names, if it is a plain identifier of a local variable or parameter. */
    static Element localVariable(ExpressionTree tree) {
        if (!(tree instanceof IdentifierTree)) {
            return null;
        }
        Element sym = ASTHelpers.getSymbol(tree);
        return sym != null && isLocal(sym) ? sym : null;
    }

    /** True for a local variable or a parameter, false for a field. */
    static boolean isLocal(Element e) {
        return switch (e.getKind()) {
            case LOCAL_VARIABLE, PARAMETER, RESOURCE_VARIABLE, EXCEPTION_PARAMETER, BINDING_VARIABLE -> true;
            default -> false;
        };
    }

    /** The receiver of a call {@code r.m(...)}, or null for an unqualified call. */
    static ExpressionTree receiver(MethodInvocationTree call) {
        return call.getMethodSelect() instanceof MemberSelectTree ms ? ms.getExpression() : null;
    }

    /** True if {@code call} is {@code v.name(...)} for one of the names. */
    static boolean isCallOn(Tree tree, Element v, String... names) {
        if (!(tree instanceof MethodInvocationTree call)
                || !(call.getMethodSelect() instanceof MemberSelectTree ms)) {
            return false;
        }
        if (!(ms.getExpression() instanceof IdentifierTree id) || ASTHelpers.getSymbol(id) != v) {
            return false;
        }
        for (String n : names) {
            if (ms.getIdentifier().contentEquals(n)) {
                return true;
            }
        }
        return false;
    }

    /** True for a lambda, a method or a class: code inside runs at another time than code around it. */
    static boolean isFunctionBoundary(Tree t) {
        return t instanceof LambdaExpressionTree || t instanceof MethodTree || t instanceof ClassTree;
    }

    /** True for the four kinds of loop statement. */
    static boolean isLoop(Tree t) {
        return t instanceof WhileLoopTree || t instanceof DoWhileLoopTree
                || t instanceof ForLoopTree || t instanceof EnhancedForLoopTree;
    }

    /** The innermost loop around the current node on {@code path}, not crossing a function boundary. */
    static Tree enclosingLoop(TreePath path) {
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (isFunctionBoundary(t)) {
                return null;
            }
            if (isLoop(t)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Every node in {@code root} (root included) that the predicate accepts, not descending into
     * lambdas, methods and classes (function boundaries) unless {@code crossFunctions}.
     */
    static List<Tree> find(Tree root, boolean crossFunctions, Predicate<Tree> accept) {
        List<Tree> found = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void scan(Tree t, Void unused) {
                if (t == null) {
                    return null;
                }
                if (accept.test(t)) {
                    found.add(t);
                }
                if (t != root && !crossFunctions && isFunctionBoundary(t)) {
                    return null;
                }
                return super.scan(t, null);
            }
        }.scan(root, null);
        return found;
    }

    /** True if {@code root} contains (or is) a node the predicate accepts, within its function. */
    static boolean contains(Tree root, Predicate<Tree> accept) {
        return !find(root, false, accept).isEmpty();
    }

    /** True if the expression is a reference to the variable {@code v}. */
    static boolean isRef(Tree t, Element v) {
        return t instanceof IdentifierTree && ASTHelpers.getSymbol(t) == v;
    }

    /** True if {@code t} is the class or interface named {@code qualifiedName} (type arguments aside). */
    static boolean isType(TypeMirror t, String qualifiedName) {
        return t instanceof DeclaredType d && d.asElement() instanceof TypeElement te
                && te.getQualifiedName().contentEquals(qualifiedName);
    }

    /** The source text of a tree. */
    static String source(Tree t, VisitorState state) {
        return state.getSourceForNode(t);
    }
}
