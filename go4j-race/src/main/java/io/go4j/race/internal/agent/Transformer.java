package io.go4j.race.internal.agent;

import io.go4j.race.internal.rt.Options;
import io.go4j.race.internal.rt.Sites;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Transformer instruments application classes as they load: every field read and write
 * (instance and static) and array element load and store calls the race runtime ({@code Rt}),
 * as do monitor enter and exit (blocks and synchronized methods), {@code Thread.start} and
 * {@code join}, {@code Object.wait}, and the calls of the {@link Intercepts} table.
 *
 * <p>Invariants: the rewritten code computes exactly what the original did (same values, same
 * exceptions, same frames at every branch target); only calls to the runtime are added. Classes
 * the {@link Options} do not instrument (the JDK, go4j, this agent, the test runners, the user's
 * excludes) are returned unchanged, as is any class that fails to transform (with a warning).
 */
final class Transformer implements ClassFileTransformer {
    /*
     * Implementation notes.
     *
     * The tree API (ClassNode) so that each instruction can be wrapped with code before and
     * after it, and so that a method's maxLocals is known before its code is rewritten: calls
     * that need their receiver after they return (Object.wait(long), AtomicLong.set(long)) save
     * their arguments in fresh locals above maxLocals, which no stack map frame mentions; they
     * are stored and loaded in straight-line code with no frame in between, so the existing
     * frames stay valid and COMPUTE_MAXS is enough (COMPUTE_FRAMES would need to load classes
     * during class loading to merge types).
     *
     * Stack juggling, per instruction (v: the value, 2-word for long/double; o: object; a, i:
     * array and index):
     *   GETFIELD     [o]        DUP GETFIELD, then SWAP (or DUP2_X1 POP2 for 2 words) -> [v] Rt.getField(o, site)
     *   PUTFIELD     [o v]      DUP2 POP (or DUP2_X1 POP2 DUP_X2) -> [o v o] Rt.putField(o, site)
     *   xALOAD       [a i]      DUP2 -> Rt.arrayLoad(a, i, site)
     *   xASTORE      [a i v]    DUP_X2 POP DUP2_X1 (or DUP2_X2 POP2 DUP2_X2) -> [a i v a i] Rt.arrayStore
     *   MONITORENTER [o]        DUP ASTORE t MONITORENTER, then ALOAD t Rt.monitorEnter(o)
     *   MONITOREXIT  [o]        DUP Rt.monitorExit(o) MONITOREXIT
     * Reads and acquires come after the instruction, writes and releases before (Rt's comment).
     *
     * Nothing of ours stays on the operand stack across a MONITORENTER: the object goes through a
     * fresh local instead. The first form, DUP MONITORENTER with the copy left under the
     * instruction for the call after it, broke the JVM (JDK 25.0.3, G1 and Parallel, interpreted
     * and compiled): a virtual thread blocked on a contended monitor unmounts (JEP 491), and a
     * collection while it was unmounted did not update that copy, so Rt.monitorEnter got the
     * object's old address. The detector then saw another identity hash (a second shadow for the
     * monitor, so two synchronized blocks were reported as racing: CI's WaitGroupBarrierTest), and
     * the weak reference it made to the stale address crashed the collector. javac never leaves a
     * value under a MONITORENTER. racecorpus.SynchronizedVirtualThreads under -Xmn4m failed every
     * run with the copy on the stack (VirtualThreadMonitorTest) and passes without it;
     * TransformerVerifyTest checks the stack depth at each MONITORENTER.
     *
     * Constructors: nothing is instrumented before the super()/this() call, where `this` is
     * uninitialised and cannot be passed to a method (counted by NEW/<init> nesting, which javac
     * always balances). Static initialisers are not instrumented: class initialisation
     * happens-before every use of the class (JLS 12.4.2), an edge the detector does not model
     * otherwise.
     */

    private static final String RT = "io/go4j/race/internal/rt/Rt";
    private static final String TASKS = "io/go4j/race/internal/rt/Tasks";
    private static final String STAGES = "io/go4j/race/internal/rt/Stages";
    /** Direct superclasses whose {@code compute()} is a forked task's body (Transformer's bracket). */
    private static final Set<String> FORK_JOIN_TASKS = Set.of("java/util/concurrent/RecursiveTask",
            "java/util/concurrent/RecursiveAction");

    private final Options options;
    private final Instrumentation inst;
    private final Module agentModule = Transformer.class.getModule();

    Transformer(Options options, Instrumentation inst) {
        this.options = options;
        this.inst = inst;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain pd, byte[] bytes) {
        if (loader == null || className == null || redefined != null) {
            return null;
        }
        String dotted = className.replace('/', '.');
        boolean accesses = options.instruments(dotted, location(pd));
        boolean shadowOnly = !accesses && Options.shadowFieldOnly(dotted);
        if (!accesses && !shadowOnly && !options.synchronisationOnly(dotted)) {
            return null;
        }
        try {
            byte[] out = shadowOnly ? withShadowField(bytes) : instrument(bytes, loader, accesses);
            if (out != null && module != null && module.isNamed()) {
                // the instrumented class calls the runtime, which reads its shadow field (Rt's note 1)
                int slash = className.lastIndexOf('/');
                String pkg = slash < 0 ? "" : className.substring(0, slash).replace('/', '.');
                boolean fieldRead = accesses || shadowOnly;
                boolean open = !fieldRead || pkg.isEmpty() || module.isOpen(pkg, agentModule);
                if (!module.canRead(agentModule) || !open) {
                    inst.redefineModule(module, Set.of(agentModule), Map.of(),
                            open ? Map.of() : Map.of(pkg, Set.of(agentModule)), Set.of(), Map.of());
                }
            }
            return out;
        } catch (RuntimeException | LinkageError e) {
            System.err.println("go4j-race: " + dotted + " is not instrumented: " + e);
            return null;
        }
    }

    private static String location(ProtectionDomain pd) {
        java.security.CodeSource cs = pd == null ? null : pd.getCodeSource();
        return cs == null || cs.getLocation() == null ? null : cs.getLocation().toString();
    }

    /** Returns the instrumented class file, or null if there is nothing to instrument. */
    byte[] instrument(byte[] bytes, ClassLoader loader) {
        return instrument(bytes, loader, true);
    }

    /**
     * Returns the instrumented class file, or null if there is nothing to instrument; with
     * {@code accesses} false, only its synchronisation (monitors, thread start and join, waits,
     * the Intercepts table), not its field and array accesses nor its calls' history.
     */
    byte[] instrument(byte[] bytes, ClassLoader loader, boolean accesses) {
        ClassReader cr = new ClassReader(bytes);
        ClassNode cn = new ClassNode();
        cr.accept(cn, 0);
        if ((cn.access & Opcodes.ACC_MODULE) != 0) {
            return null;
        }
        boolean changed = false;
        for (MethodNode m : cn.methods) {
            if (m.instructions.size() > 0 && !m.name.equals("<clinit>")) {
                changed |= new MethodRewriter(cn, m, loader, accesses).rewrite();
            }
        }
        if (accesses && hasShadowField(cn)) {
            addShadowField(cn);
            changed = true;
        }
        if (!changed) {
            return null;
        }
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cn.accept(cw);
        return cw.toByteArray();
    }

    /**
     * Returns the class file with only a shadow field added (go4j's own classes, whose objects
     * are the synchronisation points of go4j's events: Rt's note 1), or null for a class that
     * gets none. Its code is left as it is: go4j's edges come from its events, not from its
     * internal monitors and atomics.
     */
    static byte[] withShadowField(byte[] bytes) {
        ClassReader cr = new ClassReader(bytes);
        ClassNode cn = new ClassNode();
        cr.accept(cn, 0);
        if (!hasShadowField(cn)) {
            return null;
        }
        addShadowField(cn);
        ClassWriter cw = new ClassWriter(0);
        cn.accept(cw);
        return cw.toByteArray();
    }

    /** Rt's implementation note 1: each object's shadow in a private transient field of its own. */
    private static void addShadowField(ClassNode cn) {
        cn.fields.add(new org.objectweb.asm.tree.FieldNode(
                Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC,
                io.go4j.race.internal.rt.Rt.SHADOW_FIELD_NAME, "Ljava/lang/Object;", null, null));
    }

    /** Whether the agent adds a shadow field to this class: not to interfaces and records. */
    static boolean hasShadowField(ClassNode cn) {
        return (cn.access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_MODULE)) == 0 && !"java/lang/Record".equals(cn.superName)
                && cn.fields.stream().noneMatch(f -> f.name.equals(io.go4j.race.internal.rt.Rt.SHADOW_FIELD_NAME));
    }

    /** Rewrites one method. */
    private static final class MethodRewriter {
        private final ClassNode cn;
        private final MethodNode m;
        private final ClassLoader loader;
        private final InsnList code;
        private int line;
        private AbstractInsnNode replaced;   // the invoke that call() put in place of the original

        // check field and array accesses and keep the call-site stack their reports print (not
        // for Options' synchronisation-only classes)
        private final boolean accesses;

        MethodRewriter(ClassNode cn, MethodNode m, ClassLoader loader, boolean accesses) {
            this.accesses = accesses;
            this.cn = cn;
            this.m = m;
            this.loader = loader;
            this.code = m.instructions;
        }

        boolean rewrite() {
            boolean changed = false;
            boolean ctor = m.name.equals("<init>");
            int pendingNews = 0;
            boolean initialised = !ctor;
            for (AbstractInsnNode n = code.getFirst(); n != null; ) {
                AbstractInsnNode next = n.getNext();
                if (n instanceof LineNumberNode ln) {
                    line = ln.line;
                } else if (!initialised) {
                    if (n.getOpcode() == Opcodes.NEW) {
                        pendingNews++;
                    } else if (n instanceof MethodInsnNode mi && mi.getOpcode() == Opcodes.INVOKESPECIAL
                            && mi.name.equals("<init>")) {
                        if (pendingNews == 0) {
                            initialised = true;
                        } else {
                            pendingNews--;
                        }
                    }
                } else {
                    changed |= rewrite(n);
                }
                n = next;
            }
            if (accesses && !m.tryCatchBlocks.isEmpty()) {
                unwindAtHandlers();
                changed = true;
            }
            if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                bracket(monitor((m.access & Opcodes.ACC_STATIC) != 0), "monitorEnter", "monitorExit");
                changed = true;
            }
            if (FORK_JOIN_TASKS.contains(cn.superName) && m.name.equals("compute") && m.desc.startsWith("()")
                    && (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_BRIDGE)) == 0) {
                // a forked task's body: it starts after fork() and ends before join() (Intercepts)
                bracket(new VarInsnNode(Opcodes.ALOAD, 0), "apiAcquire", "apiRelease");
                changed = true;
            }
            return changed;
        }

        private boolean rewrite(AbstractInsnNode n) {
            int op = n.getOpcode();
            if (!accesses && (n instanceof FieldInsnNode || isArrayAccess(op))) {
                return false;
            }
            switch (op) {
                case Opcodes.GETFIELD -> {
                    FieldInsnNode f = (FieldInsnNode) n;
                    code.insertBefore(n, new InsnNode(Opcodes.DUP));
                    InsnList after = new InsnList();
                    if (wide(f.desc)) {
                        after.add(new InsnNode(Opcodes.DUP2_X1));
                        after.add(new InsnNode(Opcodes.POP2));
                    } else {
                        after.add(new InsnNode(Opcodes.SWAP));
                    }
                    after.add(site(f.owner, f.name));
                    after.add(rt("getField", "(Ljava/lang/Object;I)V"));
                    code.insert(n, after);
                }
                case Opcodes.PUTFIELD -> {
                    FieldInsnNode f = (FieldInsnNode) n;
                    InsnList before = new InsnList();
                    if (wide(f.desc)) {
                        before.add(new InsnNode(Opcodes.DUP2_X1));
                        before.add(new InsnNode(Opcodes.POP2));
                        before.add(new InsnNode(Opcodes.DUP_X2));
                    } else {
                        before.add(new InsnNode(Opcodes.DUP2));
                        before.add(new InsnNode(Opcodes.POP));
                    }
                    before.add(site(f.owner, f.name));
                    before.add(rt("putField", "(Ljava/lang/Object;I)V"));
                    code.insertBefore(n, before);
                }
                case Opcodes.GETSTATIC -> {
                    FieldInsnNode f = (FieldInsnNode) n;
                    InsnList after = new InsnList();
                    after.add(site(f.owner, f.name));
                    after.add(rt("getStatic", "(I)V"));
                    code.insert(n, after);
                }
                case Opcodes.PUTSTATIC -> {
                    FieldInsnNode f = (FieldInsnNode) n;
                    InsnList before = new InsnList();
                    before.add(site(f.owner, f.name));
                    before.add(rt("putStatic", "(I)V"));
                    code.insertBefore(n, before);
                }
                case Opcodes.IALOAD, Opcodes.LALOAD, Opcodes.FALOAD, Opcodes.DALOAD, Opcodes.AALOAD,
                     Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD -> {
                    InsnList before = new InsnList();
                    before.add(new InsnNode(Opcodes.DUP2));
                    before.add(site(null, null));
                    before.add(rt("arrayLoad", "(Ljava/lang/Object;II)V"));
                    code.insertBefore(n, before);
                }
                case Opcodes.IASTORE, Opcodes.FASTORE, Opcodes.AASTORE, Opcodes.BASTORE, Opcodes.CASTORE,
                     Opcodes.SASTORE -> {
                    InsnList before = new InsnList();
                    before.add(new InsnNode(Opcodes.DUP_X2));
                    before.add(new InsnNode(Opcodes.POP));
                    before.add(new InsnNode(Opcodes.DUP2_X1));
                    before.add(site(null, null));
                    before.add(rt("arrayStore", "(Ljava/lang/Object;II)V"));
                    code.insertBefore(n, before);
                }
                case Opcodes.LASTORE, Opcodes.DASTORE -> {
                    InsnList before = new InsnList();
                    before.add(new InsnNode(Opcodes.DUP2_X2));
                    before.add(new InsnNode(Opcodes.POP2));
                    before.add(new InsnNode(Opcodes.DUP2_X2));
                    before.add(site(null, null));
                    before.add(rt("arrayStore", "(Ljava/lang/Object;II)V"));
                    code.insertBefore(n, before);
                }
                case Opcodes.MONITORENTER -> {
                    InsnList before = new InsnList();
                    before.add(new InsnNode(Opcodes.DUP));
                    before.add(new VarInsnNode(Opcodes.ASTORE, m.maxLocals));
                    code.insertBefore(n, before);
                    InsnList after = new InsnList();
                    after.add(new VarInsnNode(Opcodes.ALOAD, m.maxLocals));
                    after.add(rt("monitorEnter", "(Ljava/lang/Object;)V"));
                    code.insert(n, after);
                }
                case Opcodes.MONITOREXIT -> {
                    InsnList before = new InsnList();
                    before.add(new InsnNode(Opcodes.DUP));
                    before.add(rt("monitorExit", "(Ljava/lang/Object;)V"));
                    code.insertBefore(n, before);
                }
                case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKEINTERFACE, Opcodes.INVOKESTATIC, Opcodes.INVOKESPECIAL -> {
                    MethodInsnNode mi = (MethodInsnNode) n;
                    replaced = null;
                    AbstractInsnNode preceding = mi.getPrevious();
                    boolean changed = n.getOpcode() != Opcodes.INVOKESPECIAL ? call(mi) : constructor(mi);
                    if (accesses) {   // the call-site stack (CallNode)
                        // pushed before what call() put before the invoke (a Thread.start's or an
                        // executor's intercept records its caller's chain as the new thread's
                        // creation: Reporter.Creation), popped right after the invoke call()
                        // left (it may have replaced the instruction); push is stack-neutral
                        AbstractInsnNode invoke = replaced != null ? replaced : mi;
                        InsnList push = new InsnList();
                        push.add(callSite());
                        push.add(rt("push", "(I)V"));
                        if (preceding == null) {
                            code.insert(push);
                        } else {
                            code.insert(preceding, push);
                        }
                        code.insert(invoke, rt("pop", "()V"));
                        return true;
                    }
                    return changed;
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static boolean isArrayAccess(int op) {
            return (op >= Opcodes.IALOAD && op <= Opcodes.SALOAD) || (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE);
        }

        /**
         * Wraps a CyclicBarrier's barrier action so that it starts after every party's arrival
         * and ends before their awaits return: {@code new CyclicBarrier(n, action)}, which javac
         * always compiles as NEW, DUP, the arguments, INVOKESPECIAL, so the new barrier is on the
         * stack after the call (constructors' own super() calls are never rewritten: rewrite()).
         */
        private boolean constructor(MethodInsnNode mi) {
            if (!mi.owner.equals("java/util/concurrent/CyclicBarrier") || !mi.name.equals("<init>")
                    || !mi.desc.equals("(ILjava/lang/Runnable;)V")) {
                return false;
            }
            int tmp = m.maxLocals;
            InsnList before = new InsnList();
            before.add(new MethodInsnNode(Opcodes.INVOKESTATIC, TASKS, "barrierAction",
                    "(Ljava/lang/Runnable;)Ljava/lang/Runnable;", false));
            before.add(new InsnNode(Opcodes.DUP));
            before.add(new VarInsnNode(Opcodes.ASTORE, tmp));
            code.insertBefore(mi, before);
            InsnList after = new InsnList();
            after.add(new InsnNode(Opcodes.DUP));
            after.add(new VarInsnNode(Opcodes.ALOAD, tmp));
            after.add(new MethodInsnNode(Opcodes.INVOKESTATIC, TASKS, "bindBarrier",
                    "(Ljava/lang/Object;Ljava/lang/Runnable;)V", false));
            code.insert(mi, after);
            return true;
        }

        /** Rewrites a call if it is a thread start or join, a wait, or in the Intercepts table. */
        private boolean call(MethodInsnNode mi) {
            boolean virtual = mi.getOpcode() != Opcodes.INVOKESTATIC;
            if (virtual && mi.name.equals("start") && mi.desc.equals("()V")) {
                InsnList before = new InsnList();
                before.add(new InsnNode(Opcodes.DUP));
                before.add(rt("threadStart", "(Ljava/lang/Object;)V"));
                code.insertBefore(mi, before);
                return true;
            }
            if (virtual && mi.name.equals("join") && mi.desc.equals("()V")) {
                code.insertBefore(mi, new InsnNode(Opcodes.DUP));
                code.insert(mi, rt("threadJoined", "(Ljava/lang/Object;)V"));
                return true;
            }
            if (virtual && mi.name.equals("isAlive") && mi.desc.equals("()Z")) {
                // JLS 17.4.5: detecting that a thread has ended (isAlive() false) synchronises too
                code.insertBefore(mi, new InsnNode(Opcodes.DUP));
                InsnList after = new InsnList();
                after.add(new InsnNode(Opcodes.SWAP));
                after.add(rt("threadJoined", "(Ljava/lang/Object;)V"));
                code.insert(mi, after);
                return true;
            }
            if (virtual && mi.name.equals("wait") && (mi.desc.equals("()V") || mi.desc.equals("(J)V")
                    || mi.desc.equals("(JI)V"))) {
                around(mi, "monitorExit", "monitorEnter");   // wait gives up the monitor and takes it back
                return true;
            }
            Intercepts.Action a = Intercepts.lookup(mi.owner, mi.name, mi.desc);
            if (a == null || a.kind() == Intercepts.Kind.NONE) {
                return false;
            }
            if (a.kind() == Intercepts.Kind.REPLACE) {
                String[] w = Intercepts.wrapper(mi.name, a);
                boolean staticReplacement = w[1].equals(mi.desc);
                if (staticReplacement == virtual) {
                    return false;
                }
                replaced = new MethodInsnNode(Opcodes.INVOKESTATIC, TASKS, w[0], w[1], false);
                code.set(mi, replaced);
                return true;
            }
            if (!virtual) {
                return false;
            }
            boolean returnsObject = Type.getReturnType(mi.desc).getSort() >= Type.ARRAY;
            boolean hasArg = Type.getArgumentTypes(mi.desc).length > 0
                    && Type.getArgumentTypes(mi.desc)[0].getSort() >= Type.ARRAY;
            switch (a.kind()) {
                case ACQUIRE -> around(mi, null, "apiAcquire");
                case RELEASE -> around(mi, "apiRelease", null);
                case STREAM -> around(mi, "streamRelease", "streamAcquire", Wrap.STREAM);
                case STAGE -> around(mi, null, null, Wrap.STAGE);
                case PUT -> around(mi, hasArg ? null : "apiRelease", null, hasArg ? Wrap.PUT : Wrap.NONE);
                case PUT_ALL -> around(mi, hasArg ? null : "apiRelease", null, hasArg ? Wrap.PUT_ALL : Wrap.NONE);
                case TAKE -> around(mi, null, returnsObject ? null : "apiAcquire", returnsObject ? Wrap.TAKE : Wrap.NONE);
                default -> around(mi, "apiRelease", "apiAcquire");
            }
            return true;
        }

        /** What {@link #around} does besides its before and after calls. */
        private enum Wrap {
            NONE,
            /** functional arguments through {@code Rt.streamFunction}. */
            STREAM,
            /** a context from {@code Stages.begin}; functional and stage arguments and the result through it. */
            STAGE,
            /** {@code Rt.elementPut(receiver, firstArgument)} before the call. */
            PUT,
            /** {@code Rt.elementsPut(receiver, firstArgument)} before the call. */
            PUT_ALL,
            /** {@code Rt.elementTaken(receiver, result)} after the call. */
            TAKE
        }

        /**
         * Calls {@code Rt.before(receiver)} before and {@code Rt.after(receiver)} after a virtual
         * call, saving the arguments above the receiver in fresh locals (class comment).
         */
        private void around(MethodInsnNode mi, String before, String after) {
            around(mi, before, after, Wrap.NONE);
        }

        /**
         * As {@link #around(MethodInsnNode, String, String)}, and what {@code wrap} says: e.g.
         * with {@link Wrap#STREAM}, each argument of a functional type ({@code java.util.function.*},
         * {@code Comparator}, {@code Runnable}, {@code Collector}) goes through
         * {@code Rt.streamFunction(receiver, fn, type)} first.
         */
        private void around(MethodInsnNode mi, String before, String after, Wrap wrap) {
            Type[] args = Type.getArgumentTypes(mi.desc);
            int[] slots = new int[args.length];
            int next = m.maxLocals;   // temps are dead after the call: every call site reuses them
            for (int i = 0; i < args.length; i++) {
                slots[i] = next;
                next += args[i].getSize();
            }
            int recv = next;
            int ctx = recv + 1;
            InsnList pre = new InsnList();
            for (int i = args.length - 1; i >= 0; i--) {
                pre.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
            }
            pre.add(new InsnNode(Opcodes.DUP));
            pre.add(new VarInsnNode(Opcodes.ASTORE, recv));
            if (before != null) {
                pre.add(new InsnNode(Opcodes.DUP));
                pre.add(rt(before, "(Ljava/lang/Object;)V"));
            }
            if (wrap == Wrap.PUT || wrap == Wrap.PUT_ALL) {
                pre.add(new VarInsnNode(Opcodes.ALOAD, recv));
                pre.add(new VarInsnNode(Opcodes.ALOAD, slots[0]));
                pre.add(rt(wrap == Wrap.PUT ? "elementPut" : "elementsPut", "(Ljava/lang/Object;Ljava/lang/Object;)V"));
            }
            if (wrap == Wrap.STAGE) {
                pre.add(new VarInsnNode(Opcodes.ALOAD, recv));
                pre.add(new MethodInsnNode(Opcodes.INVOKESTATIC, STAGES, "begin", "(Ljava/lang/Object;)Ljava/lang/Object;", false));
                pre.add(new VarInsnNode(Opcodes.ASTORE, ctx));
            }
            for (int i = 0; i < args.length; i++) {
                pre.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
                if (wrap == Wrap.STREAM && functional(args[i])) {
                    // the last function of collect(supplier, accumulator, combiner) or
                    // reduce(identity, accumulator, combiner) merges the others' results
                    boolean combiner = args.length == 3 && i == 2 && (mi.name.equals("collect") || mi.name.equals("reduce"));
                    pre.add(new VarInsnNode(Opcodes.ALOAD, recv));
                    pre.add(new InsnNode(Opcodes.SWAP));
                    pre.add(new LdcInsnNode(args[i]));
                    pre.add(rt(combiner ? "streamCombiner" : "streamFunction",
                            "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Class;)Ljava/lang/Object;"));
                    pre.add(new org.objectweb.asm.tree.TypeInsnNode(Opcodes.CHECKCAST, args[i].getInternalName()));
                } else if (wrap == Wrap.STAGE && functional(args[i])) {
                    pre.add(new VarInsnNode(Opcodes.ALOAD, ctx));
                    pre.add(new InsnNode(Opcodes.SWAP));
                    pre.add(new LdcInsnNode(args[i]));
                    pre.add(new MethodInsnNode(Opcodes.INVOKESTATIC, STAGES, "function",
                            "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Class;)Ljava/lang/Object;", false));
                    pre.add(new org.objectweb.asm.tree.TypeInsnNode(Opcodes.CHECKCAST, args[i].getInternalName()));
                } else if (wrap == Wrap.STAGE && stage(args[i])) {
                    pre.add(new VarInsnNode(Opcodes.ALOAD, ctx));
                    pre.add(new InsnNode(Opcodes.SWAP));
                    pre.add(new MethodInsnNode(Opcodes.INVOKESTATIC, STAGES, "other",
                            "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false));
                    pre.add(new org.objectweb.asm.tree.TypeInsnNode(Opcodes.CHECKCAST, args[i].getInternalName()));
                }
            }
            code.insertBefore(mi, pre);
            InsnList post = new InsnList();
            boolean returnsObject = Type.getReturnType(mi.desc).getSort() >= Type.ARRAY;
            if (wrap == Wrap.STAGE && returnsObject) {
                post.add(new InsnNode(Opcodes.DUP));
                post.add(new VarInsnNode(Opcodes.ALOAD, ctx));
                post.add(new InsnNode(Opcodes.SWAP));
                post.add(new MethodInsnNode(Opcodes.INVOKESTATIC, STAGES, "result", "(Ljava/lang/Object;Ljava/lang/Object;)V", false));
            }
            if (wrap == Wrap.TAKE && returnsObject) {
                post.add(new InsnNode(Opcodes.DUP));
                post.add(new VarInsnNode(Opcodes.ALOAD, recv));
                post.add(new InsnNode(Opcodes.SWAP));
                post.add(rt("elementTaken", "(Ljava/lang/Object;Ljava/lang/Object;)V"));
            }
            if (after != null) {
                post.add(new VarInsnNode(Opcodes.ALOAD, recv));
                post.add(rt(after, "(Ljava/lang/Object;)V"));
            }
            if (post.size() > 0) {
                code.insert(mi, post);
            }
        }

        private static boolean stage(Type t) {
            return t.getSort() == Type.OBJECT && (t.getInternalName().equals("java/util/concurrent/CompletionStage")
                    || t.getInternalName().equals("java/util/concurrent/CompletableFuture"));
        }

        private static boolean functional(Type t) {
            if (t.getSort() != Type.OBJECT) {
                return false;
            }
            String n = t.getInternalName();
            return n.startsWith("java/util/function/") || n.equals("java/util/Comparator") || n.equals("java/lang/Runnable")
                    || n.equals("java/util/stream/Collector");
        }

        /**
         * At the start of each exception handler, the calls the exception left without returning
         * are popped ({@code Rt.unwind}); the exception stays on the stack.
         */
        private void unwindAtHandlers() {
            int key = Sites.methodKey(cn.name, m.name);
            java.util.Set<LabelNode> done = new java.util.HashSet<>();
            for (TryCatchBlockNode tc : m.tryCatchBlocks) {
                if (!done.add(tc.handler)) {
                    continue;
                }
                AbstractInsnNode at = tc.handler;
                while (at.getNext() != null && (at.getNext() instanceof FrameNode
                        || at.getNext() instanceof LineNumberNode || at.getNext() instanceof LabelNode)) {
                    at = at.getNext();
                }
                InsnList unwind = new InsnList();
                unwind.add(new LdcInsnNode(key));
                unwind.add(rt("unwind", "(I)V"));
                code.insert(at, unwind);
            }
        }

        /**
         * Calls {@code Rt.enter(o)} on entry and {@code Rt.exit(o)} on every exit, normal or by an
         * exception, with {@code o} what {@code load} pushes (this, or the class): a synchronized
         * method's monitor, a forked task's body.
         */
        private void bracket(AbstractInsnNode load, String enter, String exit) {
            boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
            InsnList entry = new InsnList();
            entry.add(load.clone(null));
            entry.add(rt(enter, "(Ljava/lang/Object;)V"));
            LabelNode start = new LabelNode();
            entry.add(start);
            code.insert(entry);
            for (AbstractInsnNode n = code.getFirst(); n != null; n = n.getNext()) {
                int op = n.getOpcode();
                if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) {
                    InsnList out = new InsnList();
                    out.add(load.clone(null));
                    out.add(rt(exit, "(Ljava/lang/Object;)V"));
                    code.insertBefore(n, out);
                }
            }
            // An exception leaving the method exits too: a catch-all handler, last in the table
            // so the method's own handlers still come first.
            LabelNode end = new LabelNode();
            LabelNode handler = new LabelNode();
            code.add(end);
            code.add(handler);
            if (needsFrames()) {
                code.add(new FrameNode(Opcodes.F_FULL, 0, null, 1, new Object[] {"java/lang/Throwable"}));
                fullFrameLocals((FrameNode) code.getLast(), isStatic);
            }
            code.add(load.clone(null));
            code.add(rt(exit, "(Ljava/lang/Object;)V"));
            code.add(new InsnNode(Opcodes.ATHROW));
            m.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
        }

        /** Class files from Java 7 on need stack map frames; Java 6's may have them. */
        private boolean needsFrames() {
            int major = cn.version & 0xffff;
            if (major >= Opcodes.V1_7) {
                return true;
            }
            if (major == Opcodes.V1_6) {
                for (AbstractInsnNode n = code.getFirst(); n != null; n = n.getNext()) {
                    if (n instanceof FrameNode) {
                        return true;
                    }
                }
            }
            return false;
        }

        private void fullFrameLocals(FrameNode f, boolean isStatic) {
            java.util.List<Object> locals = new java.util.ArrayList<>();
            if (!isStatic) {
                locals.add(cn.name);
            }
            for (Type t : Type.getArgumentTypes(m.desc)) {
                switch (t.getSort()) {
                    case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> locals.add(Opcodes.INTEGER);
                    case Type.FLOAT -> locals.add(Opcodes.FLOAT);
                    case Type.LONG -> locals.add(Opcodes.LONG);
                    case Type.DOUBLE -> locals.add(Opcodes.DOUBLE);
                    case Type.ARRAY -> locals.add(t.getDescriptor());
                    default -> locals.add(t.getInternalName());
                }
            }
            f.local = locals;
        }

        private AbstractInsnNode monitor(boolean isStatic) {
            return isStatic ? new LdcInsnNode(Type.getObjectType(cn.name)) : new VarInsnNode(Opcodes.ALOAD, 0);
        }

        private LdcInsnNode callSite() {
            return new LdcInsnNode(Sites.register(null, null, cn.name, m.name, cn.sourceFile, line, loader));
        }

        private LdcInsnNode site(String owner, String name) {
            return new LdcInsnNode(Sites.register(owner, name, cn.name, m.name, cn.sourceFile, line, loader));
        }

        private static MethodInsnNode rt(String name, String desc) {
            return new MethodInsnNode(Opcodes.INVOKESTATIC, RT, name, desc, false);
        }

        private static boolean wide(String desc) {
            return desc.equals("J") || desc.equals("D");
        }
    }
}
