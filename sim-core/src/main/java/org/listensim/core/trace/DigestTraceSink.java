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
  private final byte[] buf = new byte[8];
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
    sha.update((byte) 'R');
    int64(timeNanos);
    str(record.type());
    record.writeFields(this);
    sha.update((byte) 'E');
    records++;
  }

  @Override
  public TraceFields put(String name, long value) {
    sha.update((byte) 'L');
    str(name);
    int64(value);
    return this;
  }

  @Override
  public TraceFields put(String name, String value) {
    sha.update((byte) 'S');
    str(name);
    str(value);
    return this;
  }

  @Override
  public TraceFields put(String name, boolean value) {
    sha.update((byte) 'B');
    str(name);
    sha.update((byte) (value ? 1 : 0));
    return this;
  }

  /** Number of records folded in so far. */
  public long records() {
    return records;
  }

  /** The lower-case hex digest of everything seen so far; the sink can keep accepting records. */
  public String hex() {
    try {
      MessageDigest copy = (MessageDigest) sha.clone();
      return HexFormat.of().formatHex(copy.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable on every Java platform", e);
    }
  }

  private void int64(long v) {
    for (int i = 7; i >= 0; i--) {
      buf[i] = (byte) v;
      v >>>= 8;
    }
    sha.update(buf, 0, 8);
  }

  private void str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int n = b.length;
    buf[0] = (byte) (n >>> 24);
    buf[1] = (byte) (n >>> 16);
    buf[2] = (byte) (n >>> 8);
    buf[3] = (byte) n;
    sha.update(buf, 0, 4);
    sha.update(b);
  }
}
