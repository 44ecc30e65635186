package io.go4j.debug.internal.attach;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * AgentJar finds the jar to load as the agent: go4j-debug's own jar when its manifest names
 * {@link Agent} (the released jar does), else a temporary jar made from wherever go4j-debug's
 * classes are (a build's {@code target/classes} directory, a repackaged jar), with that manifest.
 *
 * <p>Uses nothing from go4j-core.
 */
public final class AgentJar {
    private AgentJar() {}

    /**
     * The agent jar, and whether it is a temporary one the caller deletes when done.
     *
     * @param path      the jar
     * @param temporary made for this attach
     */
    public record Located(Path path, boolean temporary) {}

    /**
     * Returns the agent jar.
     *
     * @return the jar
     * @throws IOException if go4j-debug's classes cannot be read or the temporary jar written
     */
    public static Located locate() throws IOException {
        Path home;
        try {
            home = Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("go4j attach: cannot find go4j-debug's classes: " + e, e);
        }
        if (Files.isRegularFile(home) && namesAgent(home)) {
            return new Located(home, false);
        }
        Path jar = Files.createTempFile("go4j-debug-agent-", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest())) {
            if (Files.isDirectory(home)) {
                copyDirectory(home, out);
            } else {
                copyJar(home, out);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(jar);
            throw e;
        }
        return new Located(jar, true);
    }

    private static boolean namesAgent(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            return m != null && Agent.class.getName().equals(m.getMainAttributes().getValue("Agent-Class"));
        }
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(new Attributes.Name("Agent-Class"), Agent.class.getName());
        return m;
    }

    /** Copies go4j-debug's classes (io/go4j/debug/**), nothing else, from a class directory. */
    private static void copyDirectory(Path root, JarOutputStream out) throws IOException {
        Path debug = root.resolve("io/go4j/debug");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(debug)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : files) {
            out.putNextEntry(new JarEntry(root.relativize(p).toString().replace('\\', '/')));
            Files.copy(p, out);
            out.closeEntry();
        }
    }

    /** Copies go4j-debug's classes from a jar that lacks the agent's manifest. */
    private static void copyJar(Path jar, JarOutputStream out) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            for (JarEntry e : f.stream().filter(e -> e.getName().startsWith("io/go4j/debug/") && !e.isDirectory()).toList()) {
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream in = f.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
