package io.go4j.debug.internal.pprof;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * ProfileWriter encodes a {@link ProfileData} as Go's runtime writes a profile: a gzip-compressed
 * {@code profile.proto} message (github.com/google/pprof's {@code proto/profile.proto}), which
 * {@code go tool pprof} and every pprof consumer read.
 *
 * <p>What it writes: the sample types; each sample with its location ids (innermost first), its
 * values and its string labels; one location per distinct frame, with the frame's synthetic
 * address ({@link Frame#address()}) and one line; one function per distinct name and file (name
 * and system name alike, as Go writes them); the string table, {@code ""} first; the time, the
 * duration, the period type and period. No mapping: Java has no binary to map, and a location
 * without a mapping tells pprof that it is already symbolized.
 */
public final class ProfileWriter {
    /*
     * Implementation notes.
     *
     * The whole message is built in memory, then compressed: profiles are small (thousands of
     * samples at most) and written rarely, and the string table, which must come after every
     * index into it is known, is written last anyway. Go's builder streams samples to the gzip
     * writer as it goes; the bytes differ, not the message.
     */

    // message Profile
    private static final int PROFILE_SAMPLE_TYPE = 1;
    private static final int PROFILE_SAMPLE = 2;
    private static final int PROFILE_LOCATION = 4;
    private static final int PROFILE_FUNCTION = 5;
    private static final int PROFILE_STRING_TABLE = 6;
    private static final int PROFILE_TIME_NANOS = 9;
    private static final int PROFILE_DURATION_NANOS = 10;
    private static final int PROFILE_PERIOD_TYPE = 11;
    private static final int PROFILE_PERIOD = 12;
    // message ValueType
    private static final int VALUE_TYPE_TYPE = 1;
    private static final int VALUE_TYPE_UNIT = 2;
    // message Sample
    private static final int SAMPLE_LOCATION_ID = 1;
    private static final int SAMPLE_VALUE = 2;
    private static final int SAMPLE_LABEL = 3;
    // message Label
    private static final int LABEL_KEY = 1;
    private static final int LABEL_STR = 2;
    // message Location
    private static final int LOCATION_ID = 1;
    private static final int LOCATION_ADDRESS = 3;
    private static final int LOCATION_LINE = 4;
    // message Line
    private static final int LINE_FUNCTION_ID = 1;
    private static final int LINE_LINE = 2;
    // message Function
    private static final int FUNCTION_ID = 1;
    private static final int FUNCTION_NAME = 2;
    private static final int FUNCTION_SYSTEM_NAME = 3;
    private static final int FUNCTION_FILENAME = 4;

    private final Proto pb = new Proto();                              // the Profile message
    private final List<String> strings = new ArrayList<>();            // the string table
    private final Map<String, Integer> stringIndex = new HashMap<>();  // its index
    private final Map<Frame, Long> locations = new LinkedHashMap<>();  // frame -> location id
    private final Map<String, Long> functions = new LinkedHashMap<>(); // name + NUL + file -> function id

    private ProfileWriter() {
        index("");
    }

    /**
     * Writes {@code profile} to {@code out}, gzip-compressed; {@code out} is not closed.
     *
     * @param profile the profile
     * @param out     where to write
     * @throws IOException if {@code out} throws
     */
    public static void write(ProfileData profile, OutputStream out) throws IOException {
        byte[] message = encode(profile);
        try (GZIPOutputStream gz = new GZIPOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();   // the caller's stream stays open
            }
        })) {
            gz.write(message);
        }
    }

    /**
     * Returns the uncompressed {@code profile.proto} message of {@code profile}.
     *
     * @param profile the profile
     * @return the message's bytes
     */
    public static byte[] encode(ProfileData profile) {
        return new ProfileWriter().build(profile);
    }

    private byte[] build(ProfileData p) {
        for (ValueType t : p.sampleTypes()) {
            pb.message(PROFILE_SAMPLE_TYPE, valueType(t));
        }
        for (Sample s : p.samples()) {
            pb.message(PROFILE_SAMPLE, sample(s));
        }
        for (Map.Entry<Frame, Long> l : locations.entrySet()) {
            pb.message(PROFILE_LOCATION, location(l.getKey(), l.getValue()));
        }
        for (Map.Entry<String, Long> f : functions.entrySet()) {
            int nul = f.getKey().indexOf('\0');
            pb.message(PROFILE_FUNCTION, function(f.getValue(), f.getKey().substring(0, nul),
                    f.getKey().substring(nul + 1)));
        }
        if (p.periodType() != null) {
            pb.message(PROFILE_PERIOD_TYPE, valueType(p.periodType()));   // indexes its strings first
        }
        for (String s : strings) {
            pb.string(PROFILE_STRING_TABLE, s);
        }
        pb.int64Opt(PROFILE_TIME_NANOS, p.timeNanos());
        pb.int64Opt(PROFILE_DURATION_NANOS, p.durationNanos());
        pb.int64Opt(PROFILE_PERIOD, p.period());
        return pb.toByteArray();
    }

    private Proto valueType(ValueType t) {
        Proto m = new Proto();
        m.int64(VALUE_TYPE_TYPE, index(t.type()));
        m.int64(VALUE_TYPE_UNIT, index(t.unit()));
        return m;
    }

    private Proto sample(Sample s) {
        Proto m = new Proto();
        long[] ids = new long[s.stack().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = locations.computeIfAbsent(s.stack().get(i), f -> (long) locations.size() + 1);
        }
        m.packed(SAMPLE_LOCATION_ID, ids);
        m.packed(SAMPLE_VALUE, s.values());
        for (Map.Entry<String, String> l : s.labels().entrySet()) {
            Proto label = new Proto();
            label.int64(LABEL_KEY, index(l.getKey()));
            label.int64(LABEL_STR, index(l.getValue()));
            m.message(SAMPLE_LABEL, label);
        }
        return m;
    }

    private Proto location(Frame f, long id) {
        long functionId = functions.computeIfAbsent(f.function() + '\0' + f.file(),
                k -> (long) functions.size() + 1);
        Proto line = new Proto();
        line.int64(LINE_FUNCTION_ID, functionId);
        line.int64Opt(LINE_LINE, f.line());
        Proto m = new Proto();
        m.int64(LOCATION_ID, id);
        m.int64(LOCATION_ADDRESS, f.address());
        m.message(LOCATION_LINE, line);
        return m;
    }

    private Proto function(long id, String name, String file) {
        Proto m = new Proto();
        m.int64(FUNCTION_ID, id);
        m.int64(FUNCTION_NAME, index(name));
        m.int64(FUNCTION_SYSTEM_NAME, index(name));
        m.int64(FUNCTION_FILENAME, index(file));
        return m;
    }

    private long index(String s) {
        Integer i = stringIndex.get(s);
        if (i == null) {
            i = strings.size();
            strings.add(s);
            stringIndex.put(s, i);
        }
        return i;
    }
}
