package org.listensim.core.random;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stream derivation written out again from its documentation, sharing no code with {@link
 * RandomStreams}: state = SHA-256("listensim-stream-v1" || seed as 8 big-endian bytes || UTF-8
 * name) read as four big-endian longs, then XoShiRo256++ as published by Blackman and Vigna
 * (https://prng.di.unimi.it/xoshiro256plusplus.c).
 */
final class ReferenceStream {
  private final long[] s;

  ReferenceStream(long seed, String name) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("listensim-stream-v1".getBytes(StandardCharsets.US_ASCII));
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes.write((int) (seed >>> shift) & 0xff);
    }
    bytes.writeBytes(name.getBytes(StandardCharsets.UTF_8));
    ByteBuffer digest = ByteBuffer.wrap(sha256(bytes.toByteArray()));
    s = new long[] {digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong()};
  }

  long[] state() {
    return s.clone();
  }

  long next() {
    long result = Long.rotateLeft(s[0] + s[3], 23) + s[0];
    long t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = Long.rotateLeft(s[3], 45);
    return result;
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
