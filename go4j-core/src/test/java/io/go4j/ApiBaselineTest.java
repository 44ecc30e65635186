package io.go4j;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The public API of go4j-core is the one committed in {@code api/go4j-core.api}, so that no change
 * to it goes unnoticed in review (the habit of Kotlin's binary-compatibility validator).
 *
 * <p>The dump lists, for every package module-info exports to everyone, each public or protected
 * type with its modifiers, type parameters, supertypes and visible permitted subtypes, and its
 * public and protected constructors, methods and fields with generic signatures and throws
 * clauses; members that a public type inherits from a non-public superclass are listed with it.
 * It is built from the compiled classes by reflection, with a formatter of its own (not
 * {@code toGenericString}, whose output changes between JDK releases).
 *
 * <p>When the API changes on purpose, regenerate the file and commit it with the change:
 * {@code ./go4j api} (which runs this test with {@code -Dgo4j.api.update=true}).
 */
class ApiBaselineTest {

    private static final Path BASELINE = Path.of("api/go4j-core.api");
    private static final Path CLASSES = Path.of("target/classes");
    private static final String UPDATE_COMMAND = "./go4j api";
    private static final int API_MODIFIERS =
            Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT;

    @Test
    @DisplayName("the public API equals the committed api/go4j-core.api")
    void apiEqualsTheBaseline() throws IOException {
        String actual = dump();
        assertTrue(actual.contains("public final class io.go4j.Chan<T>"), "the dump found the API:\n" + actual);
        if (Boolean.getBoolean("go4j.api.update")) {
            Files.createDirectories(BASELINE.getParent());
            Files.writeString(BASELINE, actual);
            System.out.println("ApiBaselineTest: wrote " + BASELINE.toAbsolutePath());
            return;
        }
        if (!Files.exists(BASELINE)) {
            fail(BASELINE + " is missing. Generate it with " + UPDATE_COMMAND + " and commit it.");
        }
        String expected = Files.readString(BASELINE);
        if (!expected.equals(actual)) {
            fail("go4j-core's public API differs from " + BASELINE + " (- only in the file, + only in the code):\n"
                    + difference(expected, actual)
                    + "If the change is intended, regenerate the file with " + UPDATE_COMMAND
                    + " and commit it with the change; the diff is the API change reviewers see.");
        }
    }

    // ---- The dump ----

    static String dump() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        List<String> packages = module.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .sorted()
                .toList();
        StringBuilder out = new StringBuilder()
                .append("# The public API of go4j-core (module ").append(module.name()).append("), checked by ApiBaselineTest.\n")
                .append("# Exported packages: ").append(String.join(", ", packages)).append("\n")
                .append("# Regenerate after an intended change: ").append(UPDATE_COMMAND).append("\n");
        for (String pkg : packages) {
            for (Class<?> c : typesOf(pkg)) {
                out.append('\n').append(header(c)).append(" {\n");
                for (String member : members(c)) {
                    out.append("  ").append(member).append('\n');
                }
                out.append("}\n");
            }
        }
        return out.toString();
    }

    /** The API types of {@code pkg}, by name. */
    private static List<Class<?>> typesOf(String pkg) throws IOException {
        Path dir = CLASSES.resolve(pkg.replace('.', '/'));
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String simple = f.getFileName().toString().replaceFirst("\\.class$", "");
                if (simple.equals("package-info")) {
                    continue;
                }
                Class<?> c = load(pkg + "." + simple);
                if (isApi(c)) {
                    types.add(c);
                }
            }
        }
        types.sort((a, b) -> a.getName().compareTo(b.getName()));
        return types;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiBaselineTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }

    /** A type is API if it and every type enclosing it are public or protected. */
    private static boolean isApi(Class<?> c) {
        for (Class<?> t = c; t != null; t = t.getDeclaringClass()) {
            if (t.isAnonymousClass() || t.isLocalClass() || t.isSynthetic() || !visible(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String header(Class<?> c) {
        StringBuilder h = new StringBuilder(deprecation(c.getAnnotation(Deprecated.class)));
        int mods = c.getModifiers() & API_MODIFIERS;
        String kind;
        if (c.isAnnotation()) {
            kind = "@interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        } else if (c.isInterface()) {
            kind = "interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        } else if (c.isEnum()) {
            kind = "enum";
        } else if (c.isRecord()) {
            kind = "record";
        } else {
            kind = "class";
        }
        h.append(modifiers(mods));
        if (c.isSealed()) {
            h.append("sealed ");
        }
        h.append(kind).append(' ').append(c.getName()).append(typeParameters(c.getTypeParameters()));
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && sup != Record.class && !c.isEnum()) {
            h.append(" extends ").append(name(sup));
        }
        List<String> interfaces = Arrays.stream(c.getGenericInterfaces())
                .filter(i -> i != java.lang.annotation.Annotation.class)
                .map(ApiBaselineTest::name)
                .toList();
        if (!interfaces.isEmpty()) {
            h.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        if (c.isSealed()) {
            List<String> permitted = Arrays.stream(c.getPermittedSubclasses())
                    .filter(ApiBaselineTest::isApi)
                    .map(Class::getName)
                    .sorted()
                    .toList();
            if (!permitted.isEmpty()) {
                h.append(" permits ").append(String.join(", ", permitted));
            }
        }
        return h.toString();
    }

    /**
     * The visible members of {@code c} (fields, constructors, then methods, each by name), with
     * those it inherits from non-API superclasses (which its users call as its own) unless
     * {@code c} overrides them.
     */
    private static Collection<String> members(Class<?> c) {
        Map<String, String> lines = new TreeMap<>();   // sort key -> line
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers()) && !k.isSynthetic()) {
                String line = executable(k, "void", "<init>");
                lines.put("1 " + line, line);
            }
        }
        Map<String, String> seen = new LinkedHashMap<>();   // erased signature or field name -> sort key; c's own first
        for (Class<?> t = c; t != null && (t == c || !isApi(t)); t = t.getSuperclass()) {
            for (Field f : t.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic() && !seen.containsKey(f.getName())) {
                    String line = field(f);
                    seen.put(f.getName(), "0 " + f.getName() + " " + line);
                    lines.put(seen.get(f.getName()), line);
                }
            }
            for (Method m : t.getDeclaredMethods()) {
                String signature = m.getName() + Arrays.toString(m.getParameterTypes());
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge() && !seen.containsKey(signature)) {
                    String line = executable(m, name(m.getGenericReturnType()), m.getName());
                    seen.put(signature, "2 " + m.getName() + " " + line);
                    lines.put(seen.get(signature), line);
                }
            }
        }
        return lines.values();
    }

    private static String executable(Executable e, String returnType, String name) {
        StringBuilder s = new StringBuilder(deprecation(e.getAnnotation(Deprecated.class)));
        int mods = e.getModifiers() & API_MODIFIERS;
        if (e instanceof Method m && m.isDefault()) {
            s.append(modifiers(mods)).append("default ");
        } else {
            s.append(modifiers(mods));
        }
        String typeParams = typeParameters(e.getTypeParameters());
        if (!typeParams.isEmpty()) {
            s.append(typeParams).append(' ');
        }
        if (!(e instanceof Constructor<?>)) {
            s.append(returnType).append(' ');
        }
        Type[] params = e.getGenericParameterTypes();
        if (e instanceof Constructor<?> && params.length != e.getParameterCount()) {
            params = e.getParameterTypes();   // inner-class or enum constructors: no generic info for synthetic params
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            String p = name(params[i]);
            if (e.isVarArgs() && i == params.length - 1) {
                p = p.substring(0, p.length() - 2) + "...";
            }
            names.add(p);
        }
        s.append(name).append('(').append(String.join(", ", names)).append(')');
        Type[] exceptions = e.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            s.append(" throws ").append(Arrays.stream(exceptions).map(ApiBaselineTest::name).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static String field(Field f) {
        return deprecation(f.getAnnotation(Deprecated.class)) + modifiers(f.getModifiers() & API_MODIFIERS)
                + name(f.getGenericType()) + ' ' + f.getName();
    }

    private static String deprecation(Deprecated d) {
        if (d == null) {
            return "";
        }
        return d.forRemoval() ? "@Deprecated(forRemoval) " : "@Deprecated ";
    }

    private static String modifiers(int mods) {
        String s = Modifier.toString(mods);
        return s.isEmpty() ? "" : s + ' ';
    }

    private static String typeParameters(TypeVariable<?>[] vars) {
        if (vars.length == 0) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (TypeVariable<?> v : vars) {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class)
                    .map(ApiBaselineTest::name).toList();
            out.add(bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds));
        }
        return "<" + String.join(", ", out) + ">";
    }

    /** A type's name: binary names for classes, with type arguments, wildcards and arrays. */
    static String name(Type t) {
        return switch (t) {
            case Class<?> c when c.isArray() -> name(c.getComponentType()) + "[]";
            case Class<?> c -> c.getName();
            case ParameterizedType p -> {
                Class<?> raw = (Class<?>) p.getRawType();
                String base = p.getOwnerType() instanceof ParameterizedType owner
                        ? name(owner) + "$" + raw.getSimpleName()
                        : raw.getName();
                yield base + Arrays.stream(p.getActualTypeArguments()).map(ApiBaselineTest::name)
                        .collect(Collectors.joining(", ", "<", ">"));
            }
            case TypeVariable<?> v -> v.getName();
            case WildcardType w when w.getLowerBounds().length > 0 -> "? super " + name(w.getLowerBounds()[0]);
            case WildcardType w when w.getUpperBounds()[0] != Object.class -> "? extends " + name(w.getUpperBounds()[0]);
            case WildcardType w -> "?";
            case GenericArrayType g -> name(g.getGenericComponentType()) + "[]";
            default -> throw new AssertionError("unknown kind of type: " + t);
        };
    }

    // ---- The failure message ----

    /** Per type, the member lines only in {@code expected} (-) and only in {@code actual} (+). */
    private static String difference(String expected, String actual) {
        Map<String, TreeSet<String>> before = blocks(expected);
        Map<String, TreeSet<String>> after = blocks(actual);
        TreeSet<String> types = new TreeSet<>(before.keySet());
        types.addAll(after.keySet());
        StringBuilder d = new StringBuilder();
        for (String type : types) {
            TreeSet<String> b = before.get(type);
            TreeSet<String> a = after.get(type);
            if (b == null || a == null) {
                d.append(b == null ? "+ " : "- ").append(type).append('\n');
                continue;
            }
            if (b.equals(a)) {
                continue;
            }
            d.append("  ").append(type).append('\n');
            b.stream().filter(l -> !a.contains(l)).forEach(l -> d.append("-   ").append(l).append('\n'));
            a.stream().filter(l -> !b.contains(l)).forEach(l -> d.append("+   ").append(l).append('\n'));
        }
        if (d.isEmpty()) {
            d.append("  (the same declarations in another order or format: regenerate the file)\n");
        }
        return d.toString();
    }

    /** The dump's types (header lines) and their member lines. */
    private static Map<String, TreeSet<String>> blocks(String dump) {
        Map<String, TreeSet<String>> blocks = new TreeMap<>();
        TreeSet<String> current = null;
        for (String line : dump.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("}")) {
                current = null;
            } else if (line.startsWith("  ") && current != null) {
                current.add(line.strip());
            } else {
                current = new TreeSet<>();
                blocks.put(line.endsWith(" {") ? line.substring(0, line.length() - 2) : line, current);
            }
        }
        return blocks;
    }
}
