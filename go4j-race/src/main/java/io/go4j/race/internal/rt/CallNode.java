package io.go4j.race.internal.rt;

/**
 * CallNode is a node of the call-site trie: the chain of calls (each a call site of instrumented
 * code) a thread is inside. A thread's current node is its stack as instrumented code sees it;
 * an access remembers its thread's node, so the report of a later race can print the previous
 * access's callers ("Previous write at ..." with frames), which a stack walk can no longer see.
 *
 * <p>Invariants: nodes are never removed and their {@code site} and {@code parent} never change,
 * so a remembered node describes its stack for the whole run; one node per (parent, call site).
 * {@code children} is copy-on-write: readers scan the published array without a lock, writers
 * append under this node's monitor.
 */
final class CallNode {
    private static final CallNode[] NONE = new CallNode[0];   // before ROOT: ROOT's constructor reads it

    /** The empty stack: a thread's node before its first instrumented call. */
    static final CallNode ROOT = new CallNode(-1, null);
    /** Deepest chain kept; calls below it are counted, not recorded. Empirical (Go prints ~30 frames). */
    static final int MAX_DEPTH = 64;

    final int site;          // the call site (Sites), or -1 for ROOT
    final CallNode parent;   // null for ROOT
    final int depth;
    private volatile CallNode[] children = NONE;   // copy-on-write, appended under this

    private CallNode(int site, CallNode parent) {
        this.site = site;
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** Returns the node for a call at {@code site} from this one, making it on first use. */
    CallNode child(int site) {
        for (CallNode n : children) {
            if (n.site == site) {
                return n;
            }
        }
        synchronized (this) {
            CallNode[] c = children;
            for (CallNode n : c) {
                if (n.site == site) {
                    return n;
                }
            }
            CallNode n = new CallNode(site, this);
            CallNode[] grown = java.util.Arrays.copyOf(c, c.length + 1);
            grown[c.length] = n;
            children = grown;
            return n;
        }
    }
}
