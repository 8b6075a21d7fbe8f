package org.listensim.kernel.syncookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The block function against FIPS 180-1 answers. The padding of a one-block message is done here by
 * hand: the message bytes, the byte 0x80, zeros, and the length in bits as a big-endian 64-bit number
 * in the last eight bytes.
 */
class Sha1TransformTest {
  private static final int[] SHA1_ABC = {0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d};

  /** One padded block holding {@code message} (at most 55 bytes). */
  private static byte[] paddedBlock(String message) {
    byte[] m = message.getBytes(StandardCharsets.US_ASCII);
    byte[] block = new byte[Sha1Transform.BLOCK_BYTES];
    System.arraycopy(m, 0, block, 0, m.length);
    block[m.length] = (byte) 0x80;
    long bits = 8L * m.length;
    for (int i = 0; i < 8; i++) {
      block[63 - i] = (byte) (bits >>> (8 * i));
    }
    return block;
  }

  @Test
  void shaTransform_abc_isTheStandardVector() {
    int[] digest = Sha1Transform.shaInit();
    Sha1Transform.shaTransform(digest, paddedBlock("abc"));
    assertThat(digest).containsExactly(SHA1_ABC);
  }

  /** x86 memory holds each big-endian word of the block byte-swapped; the result must not change. */
  @Test
  void shaTransformX86_abc_readsHostWordsByteSwapped() {
    byte[] block = paddedBlock("abc");
    int[] hostWords = new int[Sha1Transform.BLOCK_WORDS];
    for (int i = 0; i < hostWords.length; i++) {
      // Little-endian load of bytes 4i..4i+3, as an x86 CPU would see the memory.
      hostWords[i] = (block[4 * i] & 0xFF) | (block[4 * i + 1] & 0xFF) << 8
          | (block[4 * i + 2] & 0xFF) << 16 | (block[4 * i + 3] & 0xFF) << 24;
    }
    assertThat(hostWords[0]).isEqualTo(0x80636261); // "abc\x80" as an x86 u32
    int[] digest = Sha1Transform.shaInit();
    Sha1Transform.shaTransformX86(digest, hostWords);
    assertThat(digest).containsExactly(SHA1_ABC);
  }

  /** Further one-block messages against the JDK's SHA-1 (the empty message and a 55-byte one). */
  @Test
  void shaTransform_agreesWithJdkSha1_onOneBlockMessages() throws Exception {
    for (String message : new String[] {"", "The quick brown fox jumps over the lazy dog",
        "0123456789012345678901234567890123456789012345678901234"}) {
      int[] digest = Sha1Transform.shaInit();
      Sha1Transform.shaTransform(digest, paddedBlock(message));
      byte[] jdk = MessageDigest.getInstance("SHA-1")
          .digest(message.getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < Sha1Transform.DIGEST_WORDS; i++) {
        int expected = (jdk[4 * i] & 0xFF) << 24 | (jdk[4 * i + 1] & 0xFF) << 16
            | (jdk[4 * i + 2] & 0xFF) << 8 | (jdk[4 * i + 3] & 0xFF);
        assertThat(digest[i]).as("%s word %d", message, i).isEqualTo(expected);
      }
    }
  }

  /** The cookie_hash layout: block, state and workspace in one array, state right after the block. */
  @Test
  void shaTransformX86_sharedArray_matchesSeparateArrays() {
    int[] scratch = new int[16 + 5 + 80];
    for (int i = 0; i < 21; i++) {
      scratch[i] = 0x9E3779B9 * (i + 1);
    }
    int[] block = Arrays.copyOfRange(scratch, 0, 16);
    int[] digest = Arrays.copyOfRange(scratch, 16, 21);
    Sha1Transform.shaTransformX86(digest, block);
    Sha1Transform.shaTransformX86(scratch, 16, scratch, 0, scratch, 21);
    assertThat(Arrays.copyOfRange(scratch, 16, 21)).containsExactly(digest);
  }

  @Test
  void wrongLengths_areRejectedWithTheirName() {
    assertThatThrownBy(() -> Sha1Transform.shaTransform(new int[4], new byte[64]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest must have 5");
    assertThatThrownBy(() -> Sha1Transform.shaTransform(new int[5], new byte[63]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block must have 64");
    assertThatThrownBy(() -> Sha1Transform.shaTransformX86(new int[5], new int[15]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostWords must have 16");
    assertThatThrownBy(() -> Sha1Transform.shaTransformX86(new int[101], 16, new int[101], 0,
        new int[101], 22)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
