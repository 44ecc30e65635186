package io.go4j;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The package layering of docs/architecture.md holds in the code: every import of an
 * {@code io.go4j} package from another one is an allowed edge, and module-info exports only the
 * public API to everyone.
 */
class ModuleLayeringTest {

    /** Which io.go4j packages each package may import (besides itself). Keep in step with docs/architecture.md. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "io.go4j", Set.of("io.go4j.internal.runtime", "io.go4j.internal.chan"),
            "io.go4j.sync", Set.of("io.go4j", "io.go4j.internal.runtime"),
            "io.go4j.time", Set.of("io.go4j", "io.go4j.internal.runtime", "io.go4j.internal.chan"),
            "io.go4j.context", Set.of("io.go4j", "io.go4j.sync", "io.go4j.time", "io.go4j.internal.runtime"),
            "io.go4j.errgroup", Set.of("io.go4j", "io.go4j.sync", "io.go4j.context"),
            "io.go4j.semaphore", Set.of("io.go4j", "io.go4j.sync", "io.go4j.context", "io.go4j.internal.runtime"),
            "io.go4j.singleflight", Set.of("io.go4j", "io.go4j.sync"),
            "io.go4j.internal.chan", Set.of("io.go4j.internal.runtime"),
            "io.go4j.internal.runtime", Set.of());

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(io\\.go4j[\\w.]*)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

    @Test
    @DisplayName("every package imports only the go4j packages the architecture allows")
    void importsFollowTheLayering() throws IOException {
        Path src = Path.of("src/main/java");
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(src)) {
            for (Path p : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(p);
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) {
                    continue;  // module-info
                }
                files++;
                String pkg = pm.group(1);
                Set<String> allowed = ALLOWED.get(pkg);
                assertNotNull(allowed, "package " + pkg + " is missing from the layering table");
                Matcher im = IMPORT.matcher(text);
                while (im.find()) {
                    String target = ownerPackage(im.group(1));
                    if (!target.equals(pkg) && !allowed.contains(target)) {
                        violations.add(src.relativize(p) + " imports " + target);
                    }
                }
            }
        }
        assertTrue(files > 5, "scanned the sources");
        assertEquals(List.of(), violations);
    }

    @Test
    @DisplayName("module io.go4j exports only io.go4j to everyone; internals only to go4j modules")
    void internalsAreNotExported() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals("io.go4j", module.name());
        for (ModuleDescriptor.Exports e : module.exports()) {
            if (e.source().contains(".internal")) {
                assertTrue(e.isQualified(), e.source() + " must be a qualified export");
                assertTrue(e.targets().stream().allMatch(t -> t.startsWith("io.go4j.")), e.toString());
            } else {
                assertTrue(e.source().equals("io.go4j") || e.source().startsWith("io.go4j."), e.source());
                assertFalse(e.isQualified());
            }
        }
        assertTrue(module.requires().stream()
                .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                .allMatch(r -> r.name().equals("java.base")), "only java.base is required at run time");
    }

    /** "io.go4j.internal.chan.HChan" style imports name a class; strip trailing class names. */
    private static String ownerPackage(String qualified) {
        String[] parts = qualified.split("\\.");
        StringBuilder pkg = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            pkg.append(pkg.isEmpty() ? "" : ".").append(part);
        }
        return pkg.toString();
    }
}
