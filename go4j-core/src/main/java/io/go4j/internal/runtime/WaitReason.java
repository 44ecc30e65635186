package io.go4j.internal.runtime;

/**
 * WaitReason names why a goroutine is parked, in the words Go's runtime prints in goroutine dumps
 * ({@code goroutine 7 [chan receive]:}).
 */
public enum WaitReason {
    CHAN_RECEIVE("chan receive"),
    CHAN_SEND("chan send"),
    CHAN_RECEIVE_NIL("chan receive (nil chan)"),
    CHAN_SEND_NIL("chan send (nil chan)"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    SYNC_MUTEX_LOCK("sync.Mutex.Lock"),
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock"),
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    SYNC_COND_WAIT("sync.Cond.Wait"),
    SLEEP("sleep");

    private final String goText;

    WaitReason(String goText) {
        this.goText = goText;
    }

    /** Returns the text Go prints for this reason, e.g. {@code "chan receive"}. */
    public String goText() {
        return goText;
    }

    @Override
    public String toString() {
        return goText;
    }
}
