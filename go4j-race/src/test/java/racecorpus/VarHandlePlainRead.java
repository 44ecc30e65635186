package racecorpus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The reader uses a VarHandle's plain get, which synchronises with nothing: a race. */
@Expect(races = 1, category = "VarHandle")
public class VarHandlePlainRead {
    static final VarHandle READY;

    static {
        try {
            READY = MethodHandles.lookup().findVarHandle(VarHandlePlainRead.class, "ready", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    int data;
    boolean ready;

    public static void main(String[] args) throws Exception {
        VarHandlePlainRead p = new VarHandlePlainRead();
        Thread t = new Thread(() -> {
            boolean seen = (boolean) READY.get(p);
            System.out.println(seen + " " + p.data); // RACE
        });
        t.start();
        p.data = 42; // RACE
        READY.setRelease(p, true);
        t.join();
    }
}
