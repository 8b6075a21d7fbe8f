package org.listensim.kernel.syncookies;

import java.util.Objects;
import org.listensim.kernel.KernelSource;

/**
 * The bare SHA-1 block function (FIPS 180-1) as the 2.6.32 kernel exposes it in {@code lib/sha1.c}: one
 * 64-byte block is mixed into a five-word chaining state, with no padding, no length and no
 * finalisation. The syncookie hash calls it once with a secret chaining state, so it is not SHA-1 of
 * anything; only the block function is shared.
 *
 * <p><b>Byte order.</b> The kernel reads its 64-byte input as sixteen <em>big-endian</em> 32-bit words,
 * whatever the machine. Two entry points follow from that:
 *
 * <ul>
 *   <li>{@link #shaTransform(int[], byte[])} takes the block as bytes — the portable view;
 *   <li>{@link #shaTransformX86(int[], int[])} takes the block as sixteen {@code u32} values that a
 *       little-endian x86 CPU holds in memory (as {@code cookie_hash} builds it). Reading such a word
 *       big-endian swaps its bytes, so message word {@code i} is {@code Integer.reverseBytes(words[i])}.
 * </ul>
 *
 * <p>The chaining state is never byte-swapped: it is read and written as host integers.
 *
 * <p>Stateless and thread-safe; the overloads without a workspace allocate one (320 bytes) per call.
 */
public final class Sha1Transform {
  /** Words of chaining state ({@code SHA_DIGEST_WORDS} in {@code include/linux/cryptohash.h}). */
  public static final int DIGEST_WORDS = 5;
  /** Words of message-schedule workspace ({@code SHA_WORKSPACE_WORDS}). */
  public static final int WORKSPACE_WORDS = 80;
  /** Bytes in one block. */
  public static final int BLOCK_BYTES = 64;
  /** 32-bit words in one block. */
  public static final int BLOCK_WORDS = 16;

  // Round constants: floor(2^30 * sqrt(2, 3, 5, 10)).
  private static final int K0 = 0x5A827999;
  private static final int K1 = 0x6ED9EBA1;
  private static final int K2 = 0x8F1BBCDC;
  private static final int K3 = 0xCA62C1D6;

  private Sha1Transform() {}

  /**
   * The standard SHA-1 initial chaining value. The syncookie hash does <em>not</em> use it; it is here
   * for the known-answer test of the block function.
   *
   * <p>Kernel: {@code lib/sha1.c: sha_init}.
   */
  @KernelSource(file = "lib/sha1.c", function = "sha_init")
  public static int[] shaInit() {
    return new int[] {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  }

  /**
   * Mixes one 64-byte block, read as big-endian words, into {@code digest[0..4]} in place.
   *
   * <p>Kernel: {@code lib/sha1.c: sha_transform}.
   *
   * @param digest five words of chaining state, updated in place
   * @param block exactly {@link #BLOCK_BYTES} bytes
   */
  @KernelSource(file = "lib/sha1.c", function = "sha_transform")
  public static void shaTransform(int[] digest, byte[] block) {
    requireLength(digest, DIGEST_WORDS, "digest");
    requireLength(block, BLOCK_BYTES, "block");
    int[] w = new int[WORKSPACE_WORDS];
    for (int i = 0; i < BLOCK_WORDS; i++) {
      int p = 4 * i;
      w[i] = (block[p] & 0xFF) << 24 | (block[p + 1] & 0xFF) << 16
          | (block[p + 2] & 0xFF) << 8 | (block[p + 3] & 0xFF);
    }
    compress(digest, 0, w, 0);
  }

  /**
   * Mixes one block given as sixteen host-order words of a little-endian x86 machine into
   * {@code digest[0..4]} in place: each word's bytes are swapped on the way in, as the kernel's
   * big-endian read of x86 memory does.
   *
   * <p>Kernel: {@code lib/sha1.c: sha_transform}, on x86.
   *
   * @param digest five words of chaining state, updated in place
   * @param hostWords exactly {@link #BLOCK_WORDS} words as they sit in x86 memory
   */
  @KernelSource(file = "lib/sha1.c", function = "sha_transform")
  public static void shaTransformX86(int[] digest, int[] hostWords) {
    requireLength(digest, DIGEST_WORDS, "digest");
    requireLength(hostWords, BLOCK_WORDS, "hostWords");
    shaTransformX86(digest, 0, hostWords, 0, new int[WORKSPACE_WORDS], 0);
  }

  /**
   * The allocation-free form of {@link #shaTransformX86(int[], int[])}, shaped like the kernel call
   * ({@code digest}, {@code in}, {@code W} pointers). The three regions may live in one array, as in
   * {@code cookie_hash}, provided the workspace overlaps neither of the others: all sixteen input words
   * are read before the chaining state is touched, as in the kernel.
   *
   * <p>Kernel: {@code lib/sha1.c: sha_transform}, on x86.
   */
  @KernelSource(file = "lib/sha1.c", function = "sha_transform")
  public static void shaTransformX86(
      int[] digest, int digestOffset, int[] in, int inOffset, int[] w, int wOffset) {
    Objects.checkFromIndexSize(digestOffset, DIGEST_WORDS, digest.length);
    Objects.checkFromIndexSize(inOffset, BLOCK_WORDS, in.length);
    Objects.checkFromIndexSize(wOffset, WORKSPACE_WORDS, w.length);
    for (int i = 0; i < BLOCK_WORDS; i++) {
      w[wOffset + i] = Integer.reverseBytes(in[inOffset + i]);
    }
    compress(digest, digestOffset, w, wOffset);
  }

  /** Expands w[0..15] to the 80-word schedule, runs the 80 rounds and adds the result to the state. */
  private static void compress(int[] digest, int at, int[] w, int wAt) {
    for (int t = 16; t < 80; t++) {
      w[wAt + t] =
          Integer.rotateLeft(w[wAt + t - 3] ^ w[wAt + t - 8] ^ w[wAt + t - 14] ^ w[wAt + t - 16], 1);
    }
    int a = digest[at];
    int b = digest[at + 1];
    int c = digest[at + 2];
    int d = digest[at + 3];
    int e = digest[at + 4];
    // Four loops, one per round function, so no round pays for a branch on its number.
    int t = 0;
    for (; t < 20; t++) {
      int next = Integer.rotateLeft(a, 5) + ((b & c) | (~b & d)) + e + K0 + w[wAt + t]; // choose
      e = d;
      d = c;
      c = Integer.rotateLeft(b, 30);
      b = a;
      a = next;
    }
    for (; t < 40; t++) {
      int next = Integer.rotateLeft(a, 5) + (b ^ c ^ d) + e + K1 + w[wAt + t]; // parity
      e = d;
      d = c;
      c = Integer.rotateLeft(b, 30);
      b = a;
      a = next;
    }
    for (; t < 60; t++) {
      int next = Integer.rotateLeft(a, 5) + ((b & c) | (d & (b | c))) + e + K2 + w[wAt + t]; // majority
      e = d;
      d = c;
      c = Integer.rotateLeft(b, 30);
      b = a;
      a = next;
    }
    for (; t < 80; t++) {
      int next = Integer.rotateLeft(a, 5) + (b ^ c ^ d) + e + K3 + w[wAt + t]; // parity
      e = d;
      d = c;
      c = Integer.rotateLeft(b, 30);
      b = a;
      a = next;
    }
    digest[at] += a;
    digest[at + 1] += b;
    digest[at + 2] += c;
    digest[at + 3] += d;
    digest[at + 4] += e;
  }

  private static void requireLength(int[] array, int length, String name) {
    if (array.length != length) {
      throw new IllegalArgumentException(
          name + " must have " + length + " words, has " + array.length);
    }
  }

  private static void requireLength(byte[] array, int length, String name) {
    if (array.length != length) {
      throw new IllegalArgumentException(
          name + " must have " + length + " bytes, has " + array.length);
    }
  }
}
