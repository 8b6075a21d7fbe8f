package org.listensim.core.trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over the canonical encoding of every record. Two runs that emit the same records at the same
 * times have the same digest, on any machine and JVM.
 *
 * <p>Canonical encoding, concatenated over all records in emission order:
 *
 * <pre>
 * record := 'R' time type field* 'E'
 * time   := 8 bytes, big-endian two's complement nanoseconds
 * type   := str
 * field  := 'L' str int64-BE | 'S' str str | 'B' str (0x00 | 0x01)
 * str    := 4-byte big-endian length, then that many bytes of UTF-8
 * </pre>
 */
public final class DigestTraceSink implements TraceSink, TraceFields {
  private final MessageDigest sha;
  /**
   * The encoding is gathered here and handed to the digest a buffer at a time: a record is a dozen
   * fields of a few bytes, and one {@code update} call per field cost more than the hashing.
   */
  private final byte[] out = new byte[8192];
  private int pos;
  private long records;

  public DigestTraceSink() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public void accept(long timeNanos, TraceRecord record) {
    byte1('R');
    int64(timeNanos);
    str(record.type());
    record.writeFields(this);
    byte1('E');
    records++;
  }

  @Override
  public TraceFields put(String name, long value) {
    byte1('L');
    str(name);
    int64(value);
    return this;
  }

  @Override
  public TraceFields put(String name, String value) {
    byte1('S');
    str(name);
    str(value);
    return this;
  }

  @Override
  public TraceFields put(String name, boolean value) {
    byte1('B');
    str(name);
    byte1(value ? 1 : 0);
    return this;
  }

  /** Number of records folded in so far. */
  public long records() {
    return records;
  }

  /** The lower-case hex digest of everything seen so far; the sink can keep accepting records. */
  public String hex() {
    flush();
    try {
      MessageDigest copy = (MessageDigest) sha.clone();
      return HexFormat.of().formatHex(copy.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable on every Java platform", e);
    }
  }

  private void flush() {
    sha.update(out, 0, pos);
    pos = 0;
  }

  private void room(int n) {
    if (pos + n > out.length) {
      flush();
    }
  }

  private void byte1(int b) {
    room(1);
    out[pos++] = (byte) b;
  }

  private void int64(long v) {
    room(8);
    for (int i = 7; i >= 0; i--) {
      out[pos + i] = (byte) v;
      v >>>= 8;
    }
    pos += 8;
  }

  private void int32(int v) {
    room(4);
    out[pos] = (byte) (v >>> 24);
    out[pos + 1] = (byte) (v >>> 16);
    out[pos + 2] = (byte) (v >>> 8);
    out[pos + 3] = (byte) v;
    pos += 4;
  }

  private void str(String s) {
    int n = s.length();
    if (n <= out.length - 4 && ascii(s)) {
      // ASCII is its own UTF-8: copy the chars, no byte array per string.
      int32(n);
      room(n);
      for (int i = 0; i < n; i++) {
        out[pos + i] = (byte) s.charAt(i);
      }
      pos += n;
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int32(b.length);
    flush();
    sha.update(b);
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
