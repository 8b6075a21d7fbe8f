package org.listensim.kernel.syncookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code cookie_init_timestamp} / {@code cookie_check_timestamp} and what the child ends up with. */
class CookieTimestampsTest {
  @Test
  void constants() {
    assertThat(CookieTimestamps.TSBITS).isEqualTo(9);
    assertThat(CookieTimestamps.TSMASK).isEqualTo(0x1FF);
  }

  @Test
  void cookieInitTimestamp_keepsNowWhenTheOptionsFitBelowIt() {
    // now's low 9 bits are 0x178 >= options 0x072, so no step back.
    assertThat(CookieTimestamps.cookieInitTimestamp(0x12345778, true, 2, 7, false))
        .isEqualTo(0x12345672);
    // Equal low bits: ts == now.
    assertThat(CookieTimestamps.cookieInitTimestamp(0x12345177, true, 7, 7, true))
        .isEqualTo(0x12345177);
  }

  @Test
  void cookieCheckTimestamp_decodesTheSpecExamples() {
    assertThat(CookieTimestamps.cookieCheckTimestamp(0x12345577))
        .isEqualTo(new CookieOptions(7, 7, true, true));
    assertThat(CookieTimestamps.cookieCheckTimestamp(0x12345672))
        .isEqualTo(new CookieOptions(2, 7, false, true));
  }

  /** Scales 0/0 encode as "no window scaling": the child loses wscale even if it was offered. */
  @Test
  void cookieCheckTimestamp_zeroScales_meanNoWindowScaling() {
    int ts = CookieTimestamps.cookieInitTimestamp(0x0000_1000, true, 0, 0, true);
    assertThat(CookieTimestamps.cookieCheckTimestamp(ts))
        .isEqualTo(new CookieOptions(0, 0, true, false));
  }

  @Test
  void cookieCheckTimestamp_takesScale15AsIs() {
    assertThat(CookieTimestamps.cookieCheckTimestamp(0xFF))
        .isEqualTo(new CookieOptions(15, 15, false, true));
  }

  @Test
  void cookieV4Options_withoutTimestamp_isNone() {
    assertThat(CookieTimestamps.cookieV4Options(false, 0x1FF)).isSameAs(CookieOptions.NONE);
    assertThat(CookieOptions.NONE).isEqualTo(new CookieOptions(0, 0, false, false));
    assertThat(CookieTimestamps.cookieV4Options(true, 0x177))
        .isEqualTo(new CookieOptions(7, 7, true, true));
  }

  @Test
  void badScales_areRejected() {
    assertThatThrownBy(() -> CookieTimestamps.cookieInitTimestamp(0, true, 16, 0, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snd 16");
    assertThatThrownBy(() -> new CookieOptions(0, -1, false, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
