package io.go4j.race.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.race.internal.rt.Options;
import java.io.File;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Real-world bytecode, instrumented, still verifies: every class of JUnit's engines and of ASM
 * itself (javac's and others' output, constructors with try blocks, long/double fields and
 * arrays, synchronized methods, switch tables) and of the race corpus (synchronized blocks),
 * checked with ASM's verifier, and keeps the operand stack it had at each MONITORENTER. A class whose
 * original does not verify in isolation (a type it needs is not on the path) is skipped, and
 * counted, so that the test cannot pass by checking nothing.
 */
class TransformerVerifyTest {
    @Test
    void instrumentedClassesOfRealLibrariesStillVerify() throws Exception {
        Transformer t = new Transformer(Options.parse(null), null);
        List<String> failures = new ArrayList<>();
        int[] counts = new int[3];   // checked, skipped, MONITORENTERs compared
        for (String jar : libraries()) {
            try (JarFile jf = new JarFile(jar)) {
                for (JarEntry e : java.util.Collections.list(jf.entries())) {
                    if (!e.getName().endsWith(".class") || e.getName().contains("module-info")
                            || e.getName().startsWith("META-INF/")) {
                        continue;
                    }
                    try (InputStream in = jf.getInputStream(e)) {
                        check(t, e.getName(), in.readAllBytes(), failures, counts);
                    }
                }
            }
        }
        // the corpus programs: javac's synchronized blocks and methods, wait/notify (the libraries have none)
        Path corpus = Path.of(TransformerVerifyTest.class.getResource("/racecorpus/Expect.class").toURI()).getParent();
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                check(t, "racecorpus/" + f.getFileName(), Files.readAllBytes(f), failures, counts);
            }
        }
        assertTrue(counts[0] > 200, "checked " + counts[0] + " classes, skipped " + counts[1]);
        assertTrue(counts[2] > 5, "only " + counts[2] + " MONITORENTERs among the " + counts[0] + " classes");
        assertEquals(List.of(), failures.stream().limit(5).toList(), failures.size() + " of " + counts[0] + " fail");
    }

    /**
     * Instruments one class and checks that it still verifies and that every MONITORENTER has the
     * operand stack it had before; counts it in {@code counts} (checked, skipped, MONITORENTERs).
     */
    private void check(Transformer t, String name, byte[] original, List<String> failures, int[] counts)
            throws AnalyzerException {
        if (!verify(original).isEmpty()) {
            counts[1]++;
            return;
        }
        byte[] out = t.instrument(original, getClass().getClassLoader());
        if (out == null) {
            return;
        }
        counts[0]++;
        String problems = verify(out);
        if (!problems.isEmpty()) {
            failures.add(name + ":\n" + problems.lines().limit(8).reduce("", (a, b) -> a + b + "\n"));
        }
        Map<String, List<Integer>> before = monitorEnterDepths(original);
        Map<String, List<Integer>> after = monitorEnterDepths(out);
        if (!after.equals(before)) {
            failures.add(name + ": operand stack depths at MONITORENTER " + before + " became " + after);
        }
        counts[2] += before.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The operand stack's depth at each MONITORENTER, by method: the instrumentation must leave it
     * as it was (Transformer's note on MONITORENTER: a copy kept under it broke the JVM).
     */
    private static Map<String, List<Integer>> monitorEnterDepths(byte[] bytes) throws AnalyzerException {
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, 0);
        Map<String, List<Integer>> depths = new TreeMap<>();
        for (MethodNode m : cn.methods) {
            if (java.util.stream.StreamSupport.stream(m.instructions.spliterator(), false)
                    .noneMatch(n -> n.getOpcode() == Opcodes.MONITORENTER)) {
                continue;
            }
            Frame<BasicValue>[] frames = new Analyzer<>(new BasicInterpreter()).analyze(cn.name, m);
            List<Integer> d = new ArrayList<>();
            for (int i = 0; i < m.instructions.size(); i++) {
                if (m.instructions.get(i).getOpcode() == Opcodes.MONITORENTER && frames[i] != null) {
                    d.add(frames[i].getStackSize());
                }
            }
            depths.put(m.name + m.desc, d);
        }
        return depths;
    }

    @Test
    void monitorEnterHasOnlyItsMonitorOnTheOperandStack() throws Exception {
        byte[] original;
        try (InputStream in = TransformerVerifyTest.class.getResourceAsStream("/racecorpus/SynchronizedVirtualThreads.class")) {
            original = in.readAllBytes();
        }
        byte[] out = new Transformer(Options.parse(null), null).instrument(original, getClass().getClassLoader());
        Map<String, List<Integer>> depths = monitorEnterDepths(out);
        assertEquals(List.of(List.of(1)), List.copyOf(depths.values()), "the synchronized block's MONITORENTER: " + depths);
    }

    private static List<String> libraries() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.matches(".*/(junit-jupiter-engine|junit-platform-engine|asm|asm-tree)-[0-9.]+\\.jar"))
                .toList();
        assertEquals(4, jars.size(), jars.toString());
        return jars;
    }

    private static String verify(byte[] bytes) {
        StringWriter w = new StringWriter();
        try {
            CheckClassAdapter.verify(new ClassReader(bytes), TransformerVerifyTest.class.getClassLoader(), false,
                    new PrintWriter(w));
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
        return w.toString();
    }
}
