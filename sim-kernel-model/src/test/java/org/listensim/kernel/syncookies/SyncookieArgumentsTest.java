package org.listensim.kernel.syncookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Every public entry of the cookie arithmetic refuses a port outside 0..65535 (a __be16) and a secret
 * set other than 0 or 1, naming the argument; the secret's words are indexed 0..16 and dump in hex.
 */
class SyncookieArgumentsTest {
  static final SyncookieSecret SECRET = SyncookieSecret.fromSeed(7);
  static final Syncookies COOKIES = new Syncookies(SECRET);

  static void refuses(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void cookieFunctions_nameTheBadPort() {
    refuses(() -> Syncookies.cookieHash(1, 2, 65536, 80, 0, 0, SECRET), "sport must be 0..65535, got 65536");
    refuses(() -> Syncookies.cookieHash(1, 2, 40000, -1, 0, 0, SECRET), "dport must be 0..65535, got -1");
    refuses(() -> COOKIES.cookieHash(1, 2, -1, 80, 0, 0), "sport must be 0..65535, got -1");
    refuses(() -> COOKIES.cookieHash(1, 2, 40000, 65536, 0, 0), "dport must be 0..65535, got 65536");
    refuses(() -> COOKIES.cookieHash(1, 2, 40000, 80, 0, 2), "secret set must be 0 or 1, got 2");
    refuses(() -> Syncookies.secureTcpSynCookie(1, 2, 65536, 80, 0, 0, 0, SECRET), "sport must be 0..65535, got 65536");
    refuses(() -> Syncookies.secureTcpSynCookie(1, 2, 40000, 65536, 0, 0, 0, SECRET), "dport must be 0..65535, got 65536");
    refuses(() -> Syncookies.checkTcpSynCookie(0, 1, 2, 65536, 80, 0, 0, 4, SECRET), "sport must be 0..65535, got 65536");
    refuses(() -> Syncookies.checkTcpSynCookie(0, 1, 2, 40000, 65536, 0, 0, 4, SECRET), "dport must be 0..65535, got 65536");
    refuses(() -> COOKIES.cookieV4InitSequence(1, 2, 40000, 65536, 0, 1460, 0, 1000), "dport must be 0..65535, got 65536");
    refuses(() -> COOKIES.cookieCheck(1, 2, 65536, 80, 0, 0, 0, 1000), "sport must be 0..65535, got 65536");
    refuses(() -> SynqOverflow.tcpTimeoutInit(0), "hz must be positive, got 0");
    assertThat(SynqOverflow.tcpTimeoutInit(250)).isEqualTo(750);
  }

  @Test
  void shaTransform_needsFiveDigestWords() {
    assertThatThrownBy(() -> Sha1Transform.shaTransformX86(new int[4], new int[16]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest");
  }

  @Test
  void secretWords_indexedZeroToSixteen() {
    int[] a = new int[SyncookieSecret.WORDS];
    int[] b = new int[SyncookieSecret.WORDS];
    for (int j = 0; j < a.length; j++) {
      a[j] = j;
      b[j] = 0x100 + j;
    }
    SyncookieSecret s = new SyncookieSecret(a, b);
    assertThat(s.word(0, 16)).isEqualTo(16);
    assertThat(s.word(1, 0)).isEqualTo(0x100);
    refuses(() -> s.word(0, 17), "secret word index must be 0..16, got 17");
    refuses(() -> s.word(0, -1), "secret word index must be 0..16, got -1");
    assertThat(s.toString()).startsWith("SyncookieSecret[0: 00000000 00000001 ")
        .contains(" 00000010; 1: 00000100 ").endsWith(" 00000110]");
  }
}
