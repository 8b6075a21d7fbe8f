package org.listensim.kernel.syncookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyncookieSecretTest {
  /** The kernel array is {@code [2][16 - 4 + SHA_DIGEST_WORDS]}: 2 x 17 words (136 bytes). */
  @Test
  void dimensions_matchTheKernelArray() {
    assertThat(SyncookieSecret.SETS).isEqualTo(2);
    assertThat(SyncookieSecret.WORDS).isEqualTo(17);
  }

  /**
   * Seed 42 pinned, so a change of stream name or draw order is noticed. Cross-checked when written
   * with an independent Python xoshiro256++ seeded from SHA-256("listensim-stream-v1" || 42 as 8
   * big-endian bytes || "syncookie-secret"); Commons RNG's {@code nextInt()} hands out the low then the
   * high half of each 64-bit output.
   */
  @Test
  void fromSeed_isPinnedForSeed42() {
    SyncookieSecret s = SyncookieSecret.fromSeed(42);
    assertThat(s.words(0)).containsExactly(0xd2c13ac8, 0xd8fbb6dd, 0xdbf0fc93, 0xf1ab4709,
        0xc3795320, 0x8f37abeb, 0x9ac2c169, 0x6a08b1cf, 0xe50ab146, 0xa3742d82, 0x20b14377,
        0x52c8e122, 0x632d872c, 0x3edd0746, 0x8928f6d3, 0x4bbec5e5, 0xb6b2201b);
    assertThat(s.words(1)).containsExactly(0x80d73e82, 0xc46bcc43, 0x2fa0c133, 0xdc84e3d0,
        0x2d81026d, 0xc7586b78, 0x120681e7, 0x2257d6ca, 0x446f3def, 0x81f117ad, 0x56a2a080,
        0xf3b472bf, 0x0fad462f, 0x25871615, 0x77b76f92, 0x25c2578b, 0xe674cdd0);
  }

  @Test
  void fromSeed_isAFunctionOfTheSeed() {
    assertThat(SyncookieSecret.fromSeed(7)).isEqualTo(SyncookieSecret.fromSeed(7))
        .hasSameHashCodeAs(SyncookieSecret.fromSeed(7))
        .isNotEqualTo(SyncookieSecret.fromSeed(8));
  }

  @Test
  void pinned_isCopiedInAndOut() {
    int[] set0 = new int[17];
    int[] set1 = new int[17];
    set0[3] = 33;
    set1[16] = 116;
    SyncookieSecret s = new SyncookieSecret(set0, set1);
    set0[3] = -1;
    s.words(1)[16] = -1;
    assertThat(s.word(0, 3)).isEqualTo(33);
    assertThat(s.word(1, 16)).isEqualTo(116);
    assertThat(s.toString()).contains("00000021").contains("00000074");
  }

  @Test
  void pinned_wrongShape_isRejectedClearly() {
    assertThatThrownBy(() -> new SyncookieSecret(new int[16], new int[17]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret set 0 must have 17 words (16 - 4 + SHA_DIGEST_WORDS), has 16");
    assertThatThrownBy(() -> new SyncookieSecret(new int[17], new int[96]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret set 1 must have 17 words (16 - 4 + SHA_DIGEST_WORDS), has 96");
    assertThatThrownBy(() -> new SyncookieSecret(new int[17], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("secret set 1 is null");
  }

  @Test
  void wordAccess_outOfRange_isRejected() {
    SyncookieSecret s = SyncookieSecret.fromSeed(1);
    assertThatThrownBy(() -> s.word(2, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret set must be 0 or 1, got 2");
    assertThatThrownBy(() -> s.word(0, 17)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret word index must be 0..16, got 17");
    assertThatThrownBy(() -> s.words(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
