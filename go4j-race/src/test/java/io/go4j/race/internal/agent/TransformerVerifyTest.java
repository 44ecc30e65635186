package io.go4j.race.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.race.internal.rt.Options;
import java.io.File;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Real-world bytecode, instrumented, still verifies: every class of JUnit's engines and of ASM
 * itself (javac's and others' output, constructors with try blocks, long/double fields and
 * arrays, synchronized methods, switch tables), checked with ASM's verifier. A class whose
 * original does not verify in isolation (a type it needs is not on the path) is skipped, and
 * counted, so that the test cannot pass by checking nothing.
 */
class TransformerVerifyTest {
    @Test
    void instrumentedClassesOfRealLibrariesStillVerify() throws Exception {
        Transformer t = new Transformer(Options.parse(null), null);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int skipped = 0;
        for (String jar : libraries()) {
            try (JarFile jf = new JarFile(jar)) {
                for (JarEntry e : java.util.Collections.list(jf.entries())) {
                    if (!e.getName().endsWith(".class") || e.getName().contains("module-info")
                            || e.getName().startsWith("META-INF/")) {
                        continue;
                    }
                    byte[] original;
                    try (InputStream in = jf.getInputStream(e)) {
                        original = in.readAllBytes();
                    }
                    if (!verify(original).isEmpty()) {
                        skipped++;
                        continue;
                    }
                    byte[] out = t.instrument(original, getClass().getClassLoader());
                    if (out == null) {
                        continue;
                    }
                    checked++;
                    String problems = verify(out);
                    if (!problems.isEmpty()) {
                        failures.add(e.getName() + ":\n" + problems.lines().limit(8).reduce("", (a, b) -> a + b + "\n"));
                    }
                }
            }
        }
        assertTrue(checked > 200, "checked " + checked + " classes, skipped " + skipped);
        assertEquals(List.of(), failures.stream().limit(5).toList(), failures.size() + " of " + checked + " fail");
    }

    @Test
    void monitorEnterHasOnlyItsMonitorOnTheOperandStack() throws Exception {
        byte[] original;
        try (InputStream in = TransformerVerifyTest.class.getResourceAsStream("/racecorpus/SynchronizedVirtualThreads.class")) {
            original = in.readAllBytes();
        }
        ClassNode cn = new ClassNode();
        new ClassReader(new Transformer(Options.parse(null), null).instrument(original, getClass().getClassLoader()))
                .accept(cn, 0);
        int monitors = 0;
        for (MethodNode m : cn.methods) {
            Frame<BasicValue>[] frames = new Analyzer<>(new BasicInterpreter()).analyze(cn.name, m);
            for (int i = 0; i < m.instructions.size(); i++) {
                if (m.instructions.get(i).getOpcode() == Opcodes.MONITORENTER) {
                    monitors++;
                    assertEquals(1, frames[i].getStackSize(), m.name + ": the operand stack at MONITORENTER " + i);
                }
            }
        }
        assertEquals(1, monitors, "the program's synchronized block");
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
