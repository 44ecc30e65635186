package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.debug.internal.pprof.Frame;
import io.go4j.debug.internal.pprof.ProfileData;
import io.go4j.debug.internal.pprof.ProfileWriter;
import io.go4j.debug.internal.pprof.Proto;
import io.go4j.debug.internal.pprof.Sample;
import io.go4j.debug.internal.pprof.ValueType;
import io.go4j.debug.testing.GoTool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The profile.proto encoder")
class ProtoEncoderTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("varints are base-128 groups, low first, with negatives in ten bytes")
    void varints() {
        assertEquals("0800", hex(p -> p.int64(1, 0)));
        assertEquals("0801", hex(p -> p.int64(1, 1)));
        assertEquals("087f", hex(p -> p.int64(1, 127)));
        assertEquals("088001", hex(p -> p.int64(1, 128)));
        assertEquals("08ac02", hex(p -> p.int64(1, 300)));
        assertEquals("08ffffffffffffffffff01", hex(p -> p.int64(1, -1)));
        assertEquals("08ffffffffffffffff7f", hex(p -> p.int64(1, Long.MAX_VALUE)));
        assertEquals("a80601", hex(p -> p.int64(101, 1)), "a field number above 15 takes a two-byte key");
    }

    @Test
    @DisplayName("optional fields are left out when zero or false, and written otherwise")
    void optionalFields() {
        assertEquals("", hex(p -> p.int64Opt(3, 0)));
        assertEquals("1805", hex(p -> p.int64Opt(3, 5)));
        assertEquals("", hex(p -> p.boolOpt(3, false)));
        assertEquals("1801", hex(p -> p.boolOpt(3, true)));
    }

    @Test
    @DisplayName("repeated integers are packed into one length-delimited field; none writes nothing")
    void packed() {
        assertEquals("0a0401ac0203", hex(p -> p.packed(1, new long[] {1, 300, 3})));
        assertEquals("", hex(p -> p.packed(1, new long[0])));
    }

    @Test
    @DisplayName("strings are length-delimited UTF-8, the empty one included; sub-messages are nested whole")
    void stringsAndMessages() {
        assertEquals("3200", hex(p -> p.string(6, "")));
        assertEquals("3203c3a978", hex(p -> p.string(6, "éx")));
        Proto inner = new Proto();
        inner.int64(1, 2);
        inner.int64(2, 3);
        assertEquals("0a0408021003", hex(p -> p.message(1, inner)));
    }

    @Test
    @DisplayName("a profile decodes back to its sample types, samples, locations, functions, labels and times")
    void profileRoundTrip() throws IOException {
        Frame inner = new Frame("com.example.Worker.park", "com/example/Worker.java", 12);
        Frame outer = new Frame("com.example.Worker.run", "com/example/Worker.java", 40);
        ProfileData data = new ProfileData(
                List.of(new ValueType("contentions", "count"), new ValueType("delay", "nanoseconds")),
                new ValueType("contentions", "count"), 1, 1_700_000_000_000_000_000L, 5_000_000_000L,
                List.of(new Sample(List.of(inner, outer), new long[] {3, 4500}, Map.of("request", "r1")),
                        new Sample(List.of(outer), new long[] {1, 7}, Map.of())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProfileWriter.write(data, out);

        Decoded p = Decoded.of(gunzip(out.toByteArray()));
        assertEquals("", p.strings.get(0), "the string table starts with the empty string");
        assertEquals(List.of("contentions/count", "delay/nanoseconds"), p.sampleTypes);
        assertEquals("contentions/count", p.periodType);
        assertEquals(1, p.period);
        assertEquals(1_700_000_000_000_000_000L, p.timeNanos);
        assertEquals(5_000_000_000L, p.durationNanos);
        assertEquals(2, p.samples.size());
        assertEquals(List.of("com.example.Worker.park com/example/Worker.java:12",
                "com.example.Worker.run com/example/Worker.java:40"), p.samples.get(0).frames);
        assertEquals(List.of(3L, 4500L), p.samples.get(0).values);
        assertEquals(Map.of("request", "r1"), p.samples.get(0).labels);
        assertEquals(List.of("com.example.Worker.run com/example/Worker.java:40"), p.samples.get(1).frames,
                "a frame seen twice is one location");
        assertEquals(2, p.locationAddresses.size(), "one location per distinct frame");
        assertEquals(List.of(inner.address(), outer.address()), List.copyOf(p.locationAddresses.values()));
        assertEquals(2, p.functionCount, "one function per distinct name and file");
    }

    @Test
    @DisplayName("go tool pprof -raw reads the encoder's profile back with the same samples")
    void goToolReadsIt() throws Exception {
        Frame f = new Frame("com.example.Worker.run", "com/example/Worker.java", 40);
        ProfileData data = new ProfileData(List.of(new ValueType("goroutine", "count")),
                new ValueType("goroutine", "count"), 1, 1_700_000_000_000_000_000L, 0,
                List.of(new Sample(List.of(f), new long[] {42}, Map.of("k", "v"))));
        Path file = dir.resolve("tiny.pb.gz");
        try (var out = Files.newOutputStream(file)) {
            ProfileWriter.write(data, out);
        }
        String raw = GoTool.pprof(file, "-raw");
        assertTrue(raw.contains("goroutine/count"), raw);
        assertTrue(raw.matches("(?s).*\\n\\s+42: 1 \\n\\s+k:\\[v\\].*"), raw);
        assertTrue(raw.contains("0x" + Long.toHexString(f.address()) + " M=1 com.example.Worker.run "
                + "com/example/Worker.java:40"), raw);
    }

    @Test
    @DisplayName("a frame's synthetic address is stable, non-zero, and differs between lines")
    void addresses() {
        Frame a = Frame.of(new StackTraceElement("a.B", "c", "B.java", 7));
        assertEquals(a.address(), new Frame("a.B.c", "a/B.java", 7).address());
        assertNotEquals(0, a.address());
        assertNotEquals(a.address(), Frame.of(new StackTraceElement("a.B", "c", "B.java", 8)).address());
        assertEquals("a/B.java", a.file());
        assertEquals("x/y/Outer.java", Frame.fileOf("x.y.Outer$Inner", null),
                "without a source file, the top-level class's");
        assertEquals("Top.java", Frame.fileOf("Top", null));
    }

    // ---------------------------------------------------------------------------------------
    // A tiny profile.proto reader: enough of the wire format to check the encoder by decoding.

    private interface Writes {
        void to(Proto p);
    }

    private static String hex(Writes w) {
        Proto p = new Proto();
        w.to(p);
        return HexFormat.of().formatHex(p.toByteArray());
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    /** One field: number, and either a varint value or the bytes of a length-delimited one. */
    private record Field(int number, long value, byte[] bytes) {}

    private static List<Field> fields(byte[] b) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long key = varint(b, pos);
            int wire = (int) (key & 7);
            int number = (int) (key >>> 3);
            if (wire == 0) {
                out.add(new Field(number, varint(b, pos), null));
            } else if (wire == 2) {
                int len = (int) varint(b, pos);
                byte[] v = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + len);
                pos[0] += len;
                out.add(new Field(number, 0, v));
            } else {
                fail("unexpected wire type " + wire + " for field " + number);
            }
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }

    private static List<Long> packed(byte[] b) {
        List<Long> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            out.add(varint(b, pos));
        }
        return out;
    }

    private record DecodedSample(List<String> frames, List<Long> values, Map<String, String> labels) {}

    private static final class Decoded {
        final List<String> strings = new ArrayList<>();
        final List<String> sampleTypes = new ArrayList<>();
        final List<DecodedSample> samples = new ArrayList<>();
        final Map<Long, Long> locationAddresses = new LinkedHashMap<>();
        int functionCount;
        String periodType;
        long period;
        long timeNanos;
        long durationNanos;

        static Decoded of(byte[] message) {
            Decoded d = new Decoded();
            List<Field> top = fields(message);
            for (Field f : top) {
                if (f.number == 6) {
                    d.strings.add(new String(f.bytes, StandardCharsets.UTF_8));
                }
            }
            Map<Long, String> functions = new LinkedHashMap<>();
            for (Field f : top) {
                if (f.number == 5) {
                    long id = 0;
                    String name = null;
                    String file = null;
                    for (Field g : fields(f.bytes)) {
                        switch (g.number) {
                            case 1 -> id = g.value;
                            case 2 -> name = d.strings.get((int) g.value);
                            case 4 -> file = d.strings.get((int) g.value);
                            default -> { }
                        }
                    }
                    functions.put(id, name + " " + file);
                }
            }
            d.functionCount = functions.size();
            Map<Long, String> locations = new LinkedHashMap<>();
            for (Field f : top) {
                if (f.number == 4) {
                    long id = 0;
                    long address = 0;
                    String line = null;
                    for (Field g : fields(f.bytes)) {
                        switch (g.number) {
                            case 1 -> id = g.value;
                            case 3 -> address = g.value;
                            case 4 -> {
                                long fn = 0;
                                long ln = 0;
                                for (Field h : fields(g.bytes)) {
                                    if (h.number == 1) {
                                        fn = h.value;
                                    } else if (h.number == 2) {
                                        ln = h.value;
                                    }
                                }
                                line = functions.get(fn) + ":" + ln;
                            }
                            default -> { }
                        }
                    }
                    locations.put(id, line);
                    d.locationAddresses.put(id, address);
                }
            }
            for (Field f : top) {
                switch (f.number) {
                    case 1 -> d.sampleTypes.add(d.valueType(f.bytes));
                    case 2 -> {
                        List<String> frames = new ArrayList<>();
                        List<Long> values = new ArrayList<>();
                        Map<String, String> labels = new LinkedHashMap<>();
                        for (Field g : fields(f.bytes)) {
                            switch (g.number) {
                                case 1 -> packed(g.bytes).forEach(id -> frames.add(locations.get(id)));
                                case 2 -> values.addAll(packed(g.bytes));
                                case 3 -> {
                                    String k = null;
                                    String v = null;
                                    for (Field h : fields(g.bytes)) {
                                        if (h.number == 1) {
                                            k = d.strings.get((int) h.value);
                                        } else if (h.number == 2) {
                                            v = d.strings.get((int) h.value);
                                        }
                                    }
                                    labels.put(k, v);
                                }
                                default -> { }
                            }
                        }
                        d.samples.add(new DecodedSample(frames, values, labels));
                    }
                    case 9 -> d.timeNanos = f.value;
                    case 10 -> d.durationNanos = f.value;
                    case 11 -> d.periodType = d.valueType(f.bytes);
                    case 12 -> d.period = f.value;
                    default -> { }
                }
            }
            return d;
        }

        String valueType(byte[] b) {
            String type = "";
            String unit = "";
            for (Field g : fields(b)) {
                if (g.number == 1) {
                    type = strings.get((int) g.value);
                } else if (g.number == 2) {
                    unit = strings.get((int) g.value);
                }
            }
            return type + "/" + unit;
        }
    }
}
