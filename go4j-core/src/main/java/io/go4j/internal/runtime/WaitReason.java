package io.go4j.internal.runtime;

/**
 * WaitReason names why a goroutine is parked, in the words Go's runtime prints in goroutine dumps
 * ({@code goroutine 7 [chan receive]:}).
 *
 * <p>Inside a synctest bubble, a wait on an object of the bubble has a reason of its own that
 * ends in {@code (durable)}, as in Go 1.25: a channel of the bubble
 * ({@link #SYNCTEST_CHAN_RECEIVE}), a select whose channels all belong to the bubble, a
 * WaitGroup associated with it. Whether a wait is durable (it can only end by something the
 * bubble does) is {@link #durableInBubble()}.
 */
public enum WaitReason {
    CHAN_RECEIVE("chan receive", false),
    CHAN_SEND("chan send", false),
    CHAN_RECEIVE_NIL("chan receive (nil chan)", true),
    CHAN_SEND_NIL("chan send (nil chan)", true),
    SELECT("select", false),
    SELECT_NO_CASES("select (no cases)", true),
    SYNC_MUTEX_LOCK("sync.Mutex.Lock", false),
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock", false),
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock", false),
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait", false),
    SYNC_COND_WAIT("sync.Cond.Wait", true),
    SLEEP("sleep", true),
    SYNCTEST_WAIT("synctest.Wait", true),
    SYNCTEST_CHAN_RECEIVE("chan receive (durable)", true),
    SYNCTEST_CHAN_SEND("chan send (durable)", true),
    SYNCTEST_SELECT("select (durable)", true),
    SYNCTEST_WAITGROUP_WAIT("sync.WaitGroup.Wait (durable)", true);

    private final String goText;
    private final boolean durable;

    WaitReason(String goText, boolean durable) {
        this.goText = goText;
        this.durable = durable;
    }

    /** Returns the text Go prints for this reason, e.g. {@code "chan receive"}. */
    public String goText() {
        return goText;
    }

    /**
     * Returns whether a goroutine of a synctest bubble parked for this reason is durably blocked
     * (Go 1.25's {@code isIdleInSynctest}): only something done inside the bubble can wake it.
     * A Mutex is not (Go: it may be unlocked from outside), nor a channel or WaitGroup that does
     * not belong to the bubble.
     *
     * @return true for a durable wait
     */
    public boolean durableInBubble() {
        return durable;
    }

    @Override
    public String toString() {
        return goText;
    }
}
