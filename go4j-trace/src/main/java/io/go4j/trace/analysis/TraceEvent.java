package io.go4j.trace.analysis;

/**
 * A TraceEvent is one event of a Go 1.19 execution trace, as {@link TraceFile} delivers it: in
 * time order, with its time in nanoseconds since the trace's first event.
 *
 * <p>{@code g} is the goroutine running on the processor when the event happened (Go's
 * {@code Event.G}; 0 when none runs, e.g. on the Timers lane); {@code target} is the goroutine
 * the event acts on, for the events that name one ({@code GoCreate}: the new goroutine;
 * {@code GoUnblock}: the woken one; {@code GoWaiting}: the waiting one), else 0.
 *
 * @param time   nanoseconds since the trace's first event
 * @param kind   the event's type
 * @param p      the processor that wrote it (Go's {@code TimerP} 1000001, {@code GCP} 1000004...)
 * @param g      the goroutine running when it happened, or 0
 * @param target the goroutine it acts on, or 0
 * @param stack  its stack id ({@link TraceFile#stack}), or 0; for {@code GoCreate}, the new
 *               goroutine's start stack (Go's {@code Args[1]}: its start function on top), which
 *               is what groups goroutines
 * @param text   the string argument of the user events (task and region names, {@code
 *               key=value} of a log), else null
 */
public record TraceEvent(long time, Kind kind, int p, long g, long target, long stack, String text) {
    /** Go's TimerP: the processor of wake-ups that no goroutine made (timers, go4j's timer thread). */
    public static final int TIMER_P = 1_000_001;

    /** Go's SyscallP: the processor Go's parser gives every {@code GoSysExit}. */
    public static final int SYSCALL_P = 1_000_003;

    /** The event types of Go 1.19's trace format, under Go's names ({@code internal/trace/parser.go}). */
    public enum Kind {
        /** Type 0: not an event. */ NONE,
        /** {@code EvBatch}. */ BATCH,
        /** {@code EvFrequency}. */ FREQUENCY,
        /** {@code EvStack}. */ STACK,
        /** {@code EvGomaxprocs}. */ GOMAXPROCS,
        /** {@code EvProcStart}. */ PROC_START,
        /** {@code EvProcStop}. */ PROC_STOP,
        /** {@code EvGCStart}. */ GC_START,
        /** {@code EvGCDone}. */ GC_DONE,
        /** {@code EvGCSTWStart}. */ GC_STW_START,
        /** {@code EvGCSTWDone}. */ GC_STW_DONE,
        /** {@code EvGCSweepStart}. */ GC_SWEEP_START,
        /** {@code EvGCSweepDone}. */ GC_SWEEP_DONE,
        /** {@code EvGoCreate}: {@code g} creates {@code target}. */ GO_CREATE,
        /** {@code EvGoStart} (and {@code GoStartLocal}, {@code GoStartLabel}): {@code g} starts running. */ GO_START,
        /** {@code EvGoEnd}. */ GO_END,
        /** {@code EvGoStop}. */ GO_STOP,
        /** {@code EvGoSched}. */ GO_SCHED,
        /** {@code EvGoPreempt}. */ GO_PREEMPT,
        /** {@code EvGoSleep}. */ GO_SLEEP,
        /** {@code EvGoBlock}: blocked for another reason. */ GO_BLOCK,
        /** {@code EvGoUnblock} (and {@code GoUnblockLocal}): {@code g} (0: a timer) wakes {@code target}. */ GO_UNBLOCK,
        /** {@code EvGoBlockSend}. */ GO_BLOCK_SEND,
        /** {@code EvGoBlockRecv}. */ GO_BLOCK_RECV,
        /** {@code EvGoBlockSelect}. */ GO_BLOCK_SELECT,
        /** {@code EvGoBlockSync}: a mutex, an RWMutex, a WaitGroup. */ GO_BLOCK_SYNC,
        /** {@code EvGoBlockCond}. */ GO_BLOCK_COND,
        /** {@code EvGoBlockNet}. */ GO_BLOCK_NET,
        /** {@code EvGoSysCall}. */ GO_SYSCALL,
        /** {@code EvGoSysExit} (and {@code GoSysExitLocal}). */ GO_SYS_EXIT,
        /** {@code EvGoSysBlock}. */ GO_SYS_BLOCK,
        /** {@code EvGoWaiting}: {@code target} was waiting when the trace started. */ GO_WAITING,
        /** {@code EvGoInSyscall}. */ GO_IN_SYSCALL,
        /** {@code EvHeapAlloc}. */ HEAP_ALLOC,
        /** {@code EvHeapGoal}. */ HEAP_GOAL,
        /** {@code EvTimerGoroutine}. */ TIMER_GOROUTINE,
        /** {@code EvFutileWakeup}. */ FUTILE_WAKEUP,
        /** {@code EvString}. */ STRING,
        /** {@code EvGoStartLocal} (delivered as {@link #GO_START}). */ GO_START_LOCAL,
        /** {@code EvGoUnblockLocal} (delivered as {@link #GO_UNBLOCK}). */ GO_UNBLOCK_LOCAL,
        /** {@code EvGoSysExitLocal} (delivered as {@link #GO_SYS_EXIT}). */ GO_SYS_EXIT_LOCAL,
        /** {@code EvGoStartLabel} (delivered as {@link #GO_START}). */ GO_START_LABEL,
        /** {@code EvGoBlockGC}. */ GO_BLOCK_GC,
        /** {@code EvGCMarkAssistStart}. */ GC_MARK_ASSIST_START,
        /** {@code EvGCMarkAssistDone}. */ GC_MARK_ASSIST_DONE,
        /** {@code EvUserTaskCreate}. */ USER_TASK_CREATE,
        /** {@code EvUserTaskEnd}. */ USER_TASK_END,
        /** {@code EvUserRegion}. */ USER_REGION,
        /** {@code EvUserLog}. */ USER_LOG,
        /** {@code EvCPUSample} (not delivered). */ CPU_SAMPLE;

        private static final Kind[] ALL = values();

        /**
         * Returns Go's name of this kind, as {@code go tool trace -d} prints it, e.g.
         * {@code "GoBlockSend"}.
         *
         * @return Go's name
         */
        public String goName() {
            return io.go4j.trace.internal.analysis.TraceReader.goName(ordinal());
        }

        /**
         * Returns the kind of Go's event type {@code type}.
         *
         * @param type Go's event type number
         * @return its kind
         * @throws IllegalArgumentException if Go 1.19 has no such type
         */
        public static Kind of(int type) {
            if (type <= 0 || type >= ALL.length) {
                throw new IllegalArgumentException("unknown event type " + type);
            }
            return ALL[type];
        }

        /**
         * Returns whether this kind blocks the running goroutine (Go's blocking events:
         * {@code GoBlock*}, {@code GoSleep}, {@code GoSysBlock}).
         *
         * @return true for a block
         */
        public boolean isBlock() {
            return blockReason() != null;
        }

        /**
         * Returns the reason Go's goroutine analysis gives this block: {@code "chan send"},
         * {@code "chan receive"}, {@code "select"}, {@code "sync"}, {@code "sync.Cond"},
         * {@code "sleep"}, {@code "network"}, {@code "syscall"}, {@code "GC"} or {@code "blocked"}.
         *
         * @return the reason, or null if this kind is no block
         */
        public String blockReason() {
            return switch (this) {
                case GO_BLOCK_SEND -> "chan send";
                case GO_BLOCK_RECV -> "chan receive";
                case GO_BLOCK_SELECT -> "select";
                case GO_BLOCK_SYNC -> "sync";
                case GO_BLOCK_COND -> "sync.Cond";
                case GO_SLEEP -> "sleep";
                case GO_BLOCK_NET -> "network";
                case GO_SYS_BLOCK -> "syscall";
                case GO_BLOCK_GC -> "GC";
                case GO_BLOCK -> "blocked";
                default -> null;
            };
        }
    }
}
