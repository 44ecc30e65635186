package io.go4j.vet;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.LinkType;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.BlockTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import java.util.ArrayList;
import java.util.List;

/**
 * UnbalancedLock reports a {@code Mutex} (any {@code Locker}, and an {@code RWMutex}'s read lock)
 * that is not unlocked on an exception path, or unlocked on a path where it was not locked.
 *
 * <p>The rules, within one block (the receiver compared as the same variable or field):
 * <ol>
 *   <li>{@code m.lock();} followed later in the block by {@code m.unlock();}, where a statement in
 *       between may throw or leave the block (it contains a call, an allocation, an array access
 *       other than {@code counter[0]}, a cast, a division, a {@code throw}, {@code return}, {@code break} or {@code continue}): the
 *       unlock is skipped on that path. The fix wraps the statements in between in
 *       {@code try { ... } finally { m.unlock(); }} when none of them declares a variable.</li>
 *   <li>{@code try { ... m.lock(); ... } finally { m.unlock(); }}: if anything in the try throws
 *       before the lock is held, the finally unlocks a mutex this goroutine does not hold
 *       ({@code sync: unlock of unlocked mutex}). The fix moves a leading lock before the try.</li>
 *   <li>{@code m.unlock();} after an unlock of the same mutex (a statement, or a try whose finally
 *       unlocks) with no statement between that locks it ({@code lock}, {@code tryLock},
 *       {@code rLock}, {@code tryRLock} anywhere in it): the second unlock panics. Only receivers
 *       declared {@code Mutex} or {@code RWMutex} count: read unlocks are not counted (several
 *       readers may hold the lock), and a plain {@code Locker} may be an {@code RWMutex}'s read
 *       locker ({@code rLocker()}), whose {@code unlock} is a read unlock.</li>
 * </ol>
 * A lock released in another method, or in another block, is not followed.
 */
@BugPattern(
        summary = "a mutex not unlocked on an exception path, or unlocked where it was not locked",
        severity = WARNING,
        linkType = LinkType.CUSTOM,
        link = "https://github.com/go4j/go4j/tree/main/go4j-vet#unbalancedlock",
        documentSuppression = false)
public final class UnbalancedLock extends BugChecker implements BlockTreeMatcher {

    private static final Matcher<ExpressionTree> LOCK =
            instanceMethod().onDescendantOfAny(Go4jApi.LOCKER, Go4jApi.RW_MUTEX).named("lock").withNoParameters();
    private static final Matcher<ExpressionTree> UNLOCK =
            instanceMethod().onDescendantOfAny(Go4jApi.LOCKER, Go4jApi.RW_MUTEX).named("unlock").withNoParameters();
    private static final Matcher<ExpressionTree> RLOCK =
            instanceMethod().onDescendantOf(Go4jApi.RW_MUTEX).named("rLock").withNoParameters();
    private static final Matcher<ExpressionTree> RUNLOCK =
            instanceMethod().onDescendantOf(Go4jApi.RW_MUTEX).named("rUnlock").withNoParameters();
    /** Any call that takes the lock, read or write, blocking or not. */
    private static final Matcher<ExpressionTree> ANY_LOCK =
            instanceMethod().onDescendantOfAny(Go4jApi.LOCKER, Go4jApi.RW_MUTEX)
                    .namedAnyOf("lock", "tryLock", "rLock", "tryRLock").withNoParameters();

    /** Creates the check (Error Prone finds it through the service loader). */
    public UnbalancedLock() {}

    /** Checks the lock and unlock statements of one block. */
    @Override
    public Description matchBlock(BlockTree tree, VisitorState state) {
        List<? extends StatementTree> stmts = tree.getStatements();
        List<ExpressionTree> released = new ArrayList<>(); // receivers write-unlocked, not locked since
        for (int i = 0; i < stmts.size(); i++) {
            StatementTree s = stmts.get(i);
            for (Tree t : Go4jApi.find(s, false, t -> t instanceof MethodInvocationTree m && ANY_LOCK.matches(m, state))) {
                released.removeIf(r -> ASTHelpers.sameVariable(r, Go4jApi.receiver((MethodInvocationTree) t)));
            }
            MethodInvocationTree lock = call(s, state, LOCK, RLOCK);
            if (lock != null) {
                checkLockToUnlock(stmts, i, lock, state);
                continue;
            }
            MethodInvocationTree unlock = call(s, state, UNLOCK);
            if (unlock != null) {
                ExpressionTree r = Go4jApi.receiver(unlock);
                if (r != null && released.stream().anyMatch(x -> ASTHelpers.sameVariable(x, r))) {
                    state.reportMatch(buildDescription(unlock).setMessage(state.getSourceForNode(r)
                            + " is unlocked twice with no lock between: the second unlock panics"
                            + " (sync: unlock of unlocked mutex)").build());
                } else if (r != null && isExclusive(r)) {
                    released.add(r);
                }
                continue;
            }
            if (s instanceof TryTree t && t.getFinallyBlock() != null) {
                for (StatementTree f : t.getFinallyBlock().getStatements()) {
                    MethodInvocationTree u = call(f, state, UNLOCK, RUNLOCK);
                    if (u != null && Go4jApi.receiver(u) != null) {
                        checkLockInsideTry(t, u, state);
                        if (UNLOCK.matches(u, state) && isExclusive(Go4jApi.receiver(u))) {
                            released.add(Go4jApi.receiver(u));
                        }
                    }
                }
            }
        }
        return Description.NO_MATCH;
    }

    /** Rule 1: the statements between a lock and its unlock must not throw or leave. */
    private void checkLockToUnlock(List<? extends StatementTree> stmts, int at, MethodInvocationTree lock,
            VisitorState state) {
        ExpressionTree m = Go4jApi.receiver(lock);
        if (m == null || at + 1 >= stmts.size() || stmts.get(at + 1) instanceof TryTree) {
            return; // lock(); try { ... } finally { ... }: the finally is checked by rule 2 and 3
        }
        boolean read = RLOCK.matches(lock, state);
        for (int j = at + 1; j < stmts.size(); j++) {
            MethodInvocationTree unlock = call(stmts.get(j), state, read ? RUNLOCK : UNLOCK);
            if (unlock == null || !ASTHelpers.sameVariable(m, Go4jApi.receiver(unlock))) {
                continue;
            }
            List<? extends StatementTree> between = stmts.subList(at + 1, j);
            if (between.stream().noneMatch(UnbalancedLock::mayThrowOrLeave)) {
                return;
            }
            String name = state.getSourceForNode(m);
            String unlockCall = state.getSourceForNode(stmts.get(j));
            Description.Builder d = buildDescription(lock).setMessage(name + " is not unlocked if the code"
                    + " between " + (read ? "rLock" : "lock") + "() and " + (read ? "rUnlock" : "unlock")
                    + "() throws or returns: use try { ... } finally { " + unlockCall + " }");
            if (between.stream().noneMatch(x -> x instanceof VariableTree)) {
                d.addFix(SuggestedFix.builder()
                        .prefixWith(between.get(0), "try {\n")
                        .replace(stmts.get(j), "} finally {\n" + unlockCall + "\n}")
                        .build());
            }
            state.reportMatch(d.build());
            return;
        }
    }

    /** Rule 2: the lock must be held before the try whose finally unlocks it. */
    private void checkLockInsideTry(TryTree t, MethodInvocationTree unlock, VisitorState state) {
        ExpressionTree m = Go4jApi.receiver(unlock);
        boolean read = RUNLOCK.matches(unlock, state);
        List<? extends StatementTree> body = t.getBlock().getStatements();
        for (int i = 0; i < body.size(); i++) {
            MethodInvocationTree lock = call(body.get(i), state, read ? RLOCK : LOCK);
            if (lock == null || !ASTHelpers.sameVariable(m, Go4jApi.receiver(lock))) {
                continue;
            }
            Description.Builder d = buildDescription(lock).setMessage(state.getSourceForNode(m)
                    + " is locked inside the try whose finally unlocks it: if the try throws before the"
                    + " lock is held, the finally unlocks a mutex that is not locked (sync: unlock of"
                    + " unlocked mutex); lock before the try");
            if (i == 0) {
                SuggestedFix.Builder fix = SuggestedFix.builder();
                if (body.size() > 1) { // up to the next statement, so that no blank line is left
                    fix.replace(ASTHelpers.getStartPosition(body.get(0)), ASTHelpers.getStartPosition(body.get(1)), "");
                } else {
                    fix.delete(body.get(0));
                }
                d.addFix(fix.prefixWith(t, state.getSourceForNode(body.get(0)) + "\n").build());
            }
            state.reportMatch(d.build());
            return;
        }
    }

    @SafeVarargs
    private static MethodInvocationTree call(Tree s, VisitorState state, Matcher<ExpressionTree>... ms) {
        if (s instanceof ExpressionStatementTree es && es.getExpression() instanceof MethodInvocationTree m) {
            for (Matcher<ExpressionTree> x : ms) {
                if (x.matches(m, state)) {
                    return m;
                }
            }
        }
        return null;
    }

    /**
     * True if {@code m} is declared {@code Mutex} or {@code RWMutex}, whose {@code unlock} releases
     * the one write lock. A receiver declared {@code Locker} may be {@code RWMutex.rLocker()}, whose
     * {@code unlock} releases one of several read locks: two in a row are fine when two are held
     * (Go's TestRLocker unlocks its read locker twice).
     */
    private static boolean isExclusive(ExpressionTree m) {
        var t = ASTHelpers.getType(m);
        return Go4jApi.isType(t, Go4jApi.MUTEX) || Go4jApi.isType(t, Go4jApi.RW_MUTEX);
    }

    /**
     * True for {@code counter[0]} on a variable: the one-element array through which a lambda
     * updates a local ({@code hits[0]++}), Java's idiom for Go's captured {@code n++}, which
     * cannot throw once the array exists. Any other index may be out of bounds.
     */
    private static boolean isCounterCell(ArrayAccessTree a) {
        return a.getIndex() instanceof LiteralTree l && Integer.valueOf(0).equals(l.getValue())
                && a.getExpression() instanceof IdentifierTree;
    }

    private static boolean mayThrowOrLeave(StatementTree s) {
        return Go4jApi.contains(s, t -> t instanceof MethodInvocationTree || t instanceof NewClassTree
                || t instanceof NewArrayTree || (t instanceof ArrayAccessTree a && !isCounterCell(a))
                || t instanceof TypeCastTree
                || t instanceof ThrowTree || t instanceof ReturnTree || t instanceof BreakTree
                || t instanceof ContinueTree
                || (t instanceof BinaryTree b && (b.getKind() == Tree.Kind.DIVIDE || b.getKind() == Tree.Kind.REMAINDER)));
    }
}
