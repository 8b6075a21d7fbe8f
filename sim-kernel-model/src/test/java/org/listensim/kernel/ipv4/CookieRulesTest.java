package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;

import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * {@code cookie_v4_check} (listen-path spec §9.5): what a valid cookie ACK makes of the child, and the
 * secret it depends on. Both cases fill a backlog-5 listener's 16-entry table with 16 spoofed SYNs (0 to
 * 750 ms) so that A = 10.0.0.1:40000's SYN at 800 ms gets a cookie.
 */
class CookieRulesTest {
  private static final int A = Ipv4.parse("10.0.0.1");

  private static ListenHarness fullTableWithCookies(Simulator sim) {
    ListenHarness h = new ListenHarness(sim);
    h.host.sysctls().set(Sysctl.TCP_SYNCOOKIES, 1);
    h.listen(5);
    for (int i = 1; i <= 16; i++) {
      h.at(ms(50 * (i - 1)), ListenHarness.syn(Ipv4.parse("198.51.100." + i), 20000, i, TcpOptions.NONE));
    }
    return h;
  }

  private static TcpSegment cookieAck(int cookie, TcpOptions o) {
    return new TcpSegment(A, 40000, ListenHarness.SERVER, 80, 1001, cookie + 1, TcpFlags.ACK, 46, o, 0);
  }

  /**
   * The child's ISNs come from the ACK (snt_isn = ack − 1, rcv_isn = seq − 1) and its ts_recent is the
   * ACK's TSval, whatever its value: a TSval with the top bit set
   * (a peer whose clock has run past 2^31) does not make the child's PAWS check refuse that same ACK.
   */
  @Test
  void cookieV4Check_theChildTakesTheAcksTsvalEvenWithTheTopBitSet() {
    ListenHarness h = fullTableWithCookies(new Simulator(1));
    h.at(ms(800), ListenHarness.syn(A, 40000, 1000, TcpOptions.mss(1460).withTimestamp(0x80000005, 0)));
    h.runUntil(ms(800));
    TcpSegment sa = h.sentTo(A).get(0).seg();
    h.at(ms(801), cookieAck(sa.seq(), TcpOptions.NONE.withTimestamp(0x80000006, sa.options().tsval())));
    h.runUntil(ms(801));
    assertThat(h.get(MibCounter.SYNCOOKIES_RECV)).isEqualTo(1);
    TcpSock child = h.listener.acceptQueue().get(0);
    assertThat(child.state()).isEqualTo(TcpState.ESTABLISHED);
    // snt_isn = the ACK's ack − 1 (the cookie), rcv_isn = its seq − 1.
    assertThat(child.iss()).isEqualTo(sa.seq());
    assertThat(child.sndNxt()).isEqualTo(sa.seq() + 1);
    assertThat(child.irs()).isEqualTo(1000);
    assertThat(child.rcvNxt()).isEqualTo(1001);
    assertThat(child.tstampOk()).isTrue();
    assertThat(child.tsRecent()).isEqualTo(0x80000006);
    assertThat(h.get(MibCounter.PAWS_ESTAB)).isZero();
    assertThat(h.sentTo(A)).hasSize(1);
  }

  /**
   * syncookie_secret is one per kernel: a cookie made by another host (another secret) fails here
   * (SyncookiesFailed, RST at its ack), and the same ACK passes once this host has that secret.
   */
  @Test
  void cookieV4Check_aCookieIsValidOnlyUnderTheSecretThatMadeIt() {
    ListenHarness issuer = fullTableWithCookies(new Simulator(1));
    ListenHarness other = fullTableWithCookies(new Simulator(2));
    issuer.at(ms(800), ListenHarness.syn(A, 40000, 1000, TcpOptions.mss(1460)));
    other.at(ms(800), ListenHarness.syn(A, 40000, 1000, TcpOptions.mss(1460)));
    issuer.runUntil(ms(800));
    other.runUntil(ms(800));
    int cookie = issuer.sentTo(A).get(0).seg().seq();
    assertThat(other.sentTo(A).get(0).seg().seq()).isNotEqualTo(cookie);

    other.at(ms(900), cookieAck(cookie, TcpOptions.NONE));
    other.runUntil(ms(900));
    assertThat(other.get(MibCounter.SYNCOOKIES_FAILED)).isEqualTo(1);
    TcpSegment rst = other.sentTo(A).get(1).seg();
    assertThat(rst.flags()).isEqualTo(TcpFlags.RST);
    assertThat(rst.seq()).isEqualTo(cookie + 1);

    other.host.syncookies().pinSecret(issuer.host.syncookies().secret());
    other.at(ms(901), cookieAck(cookie, TcpOptions.NONE));
    other.runUntil(ms(901));
    assertThat(other.get(MibCounter.SYNCOOKIES_RECV)).isEqualTo(1);
    assertThat(other.listener.acceptQueue()).extracting(TcpSock::peer).containsExactly("10.0.0.1:40000");
  }
}
