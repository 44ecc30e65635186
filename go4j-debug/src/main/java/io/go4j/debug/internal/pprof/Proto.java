package io.go4j.debug.internal.pprof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Proto is a protocol-buffer message being written: the few encodings {@code profile.proto}
 * needs (varints, length-delimited strings and sub-messages, packed repeated integers), appended
 * to a growable byte array.
 *
 * <p>Invariants: the bytes written so far are a sequence of complete fields; a sub-message is
 * built as a Proto of its own and then added whole with {@link #message}, so no field is ever
 * left open.
 *
 * <p>Non-invariants: field order is the caller's; the encoder neither sorts nor deduplicates.
 */
public final class Proto {
    /*
     * Implementation notes.
     *
     * Go's encoder reserves room for a sub-message's length and patches it afterwards; here a
     * sub-message is encoded into its own small Proto and copied in, which costs one copy of
     * each message but keeps every method free of nesting state. Profiles are written rarely
     * and their messages are small (a sample is a few dozen bytes), so the copy does not matter.
     */

    /** Wire type of varint fields. */
    static final int VARINT = 0;
    /** Wire type of length-delimited fields (strings, sub-messages, packed repeated). */
    static final int LENGTH_DELIMITED = 2;

    private byte[] buf = new byte[64];   // the encoded fields
    private int len;                     // bytes used in buf

    /** Creates an empty message. */
    public Proto() {}

    // ---------------------------------------------------------------------------------------
    // Fields

    /**
     * Writes an integer field, even if it is 0 (a value type's string index may be 0).
     *
     * @param field the field number
     * @param v     the value (negative values take ten bytes, as int64 does in protobuf)
     */
    public void int64(int field, long v) {
        tag(field, VARINT);
        varint(v);
    }

    /**
     * Writes an integer field unless it is 0 (proto3's default, which readers assume).
     *
     * @param field the field number
     * @param v     the value
     */
    public void int64Opt(int field, long v) {
        if (v != 0) {
            int64(field, v);
        }
    }

    /**
     * Writes a boolean field if it is true.
     *
     * @param field the field number
     * @param v     the value
     */
    public void boolOpt(int field, boolean v) {
        if (v) {
            int64(field, 1);
        }
    }

    /**
     * Writes a packed repeated integer field; nothing if {@code vs} is empty.
     *
     * @param field the field number
     * @param vs    the values
     */
    public void packed(int field, long[] vs) {
        if (vs.length == 0) {
            return;
        }
        int size = 0;
        for (long v : vs) {
            size += varintSize(v);
        }
        tag(field, LENGTH_DELIMITED);
        varint(size);
        for (long v : vs) {
            varint(v);
        }
    }

    /**
     * Writes a string field, even if empty (the string table starts with "").
     *
     * @param field the field number
     * @param s     the string
     */
    public void string(int field, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        tag(field, LENGTH_DELIMITED);
        varint(b.length);
        append(b, 0, b.length);
    }

    /**
     * Writes a sub-message field.
     *
     * @param field the field number
     * @param m     the sub-message, complete
     */
    public void message(int field, Proto m) {
        tag(field, LENGTH_DELIMITED);
        varint(m.len);
        append(m.buf, 0, m.len);
    }

    // ---------------------------------------------------------------------------------------
    // Output

    /**
     * Returns the number of bytes encoded so far.
     *
     * @return the size
     */
    public int size() {
        return len;
    }

    /**
     * Returns a copy of the encoded bytes.
     *
     * @return the bytes
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /**
     * Writes the encoded bytes to {@code out}.
     *
     * @param out where to write
     * @throws IOException if {@code out} throws
     */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    // ---------------------------------------------------------------------------------------
    // Encoding

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Base-128 little-endian groups, high bit set on all but the last; two's complement for negatives. */
    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private void append(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
