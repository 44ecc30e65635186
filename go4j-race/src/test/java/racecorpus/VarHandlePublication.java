package racecorpus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Publication through a VarHandle's release write and acquire read: no race. */
@Expect(races = 0, category = "VarHandle")
public class VarHandlePublication {
    static final VarHandle READY;

    static {
        try {
            READY = MethodHandles.lookup().findVarHandle(VarHandlePublication.class, "ready", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    int data;
    boolean ready;

    public static void main(String[] args) throws Exception {
        VarHandlePublication p = new VarHandlePublication();
        Thread t = new Thread(() -> {
            while (!(boolean) READY.getAcquire(p)) {
                Thread.onSpinWait();
            }
            System.out.println(p.data);
        });
        t.start();
        p.data = 42;
        READY.setRelease(p, true);
        t.join();
    }
}
