package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;
import static org.listensim.kernel.ipv4.ListenHarness.s;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;

/**
 * Worked examples E1, E1b and E2 of the listen-path spec: backlog 5, an application that never
 * accepts, ten clients 10.0.0.i:40000 (ISN 1000·i) starting 110 ms apart from 1 ms.
 */
class AcceptQueueOverflowTest {

  private static ListenHarness.Peer[] tenClients(ListenHarness h) {
    ListenHarness.Peer[] c = new ListenHarness.Peer[11];
    for (int i = 1; i <= 10; i++) {
      c[i] = h.client(Ipv4.parse("10.0.0." + i), 40000, 1000 * i, ms(1 + 110 * (i - 1)));
    }
    return c;
  }

  /** E1: backlog + 1 = 6 children; c7, c8 admitted and left acked; c9, c10 dropped while young is 2. */
  @Test
  void tcpV4ConnRequest_backlogPlusOne_E1() {
    ListenHarness h = new ListenHarness();
    assertThat(h.listen(5)).isZero();
    ListenHarness.Peer[] c = tenClients(h);

    h.runUntil(ms(551));
    assertThat(h.listener.ackBacklog()).isEqualTo(6);
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.listener.synTimerPending()).isFalse();

    h.runUntil(ms(661));
    // c7: admitted (young 0), its ACK overflows; timer armed for 3.661.
    assertThat(h.lopt().qlen()).isEqualTo(1);
    assertThat(h.lopt().qlenYoung()).isEqualTo(1);
    assertThat(h.listener.synTimerExpires() - h.clock.initialJiffies()).isEqualTo(3661);
    assertThat(h.get(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(1);

    h.runUntil(ms(991));
    assertThat(h.lopt().qlen()).isEqualTo(2);
    assertThat(h.lopt().qlenYoung()).isEqualTo(2);
    assertThat(h.host.mib().get(SimCounter.SYN_DROP_ACCEPT_QUEUE_FULL)).isEqualTo(2);
    assertThat(c[9].synAcks).isZero();
    assertThat(c[10].synAcks).isZero();

    // 4.661: the tick that reaches bucket 10 retransmits c8 then c7 (chain order); both dup ACKs overflow.
    h.runUntil(ms(4661));
    var toC8 = h.sentTo(Ipv4.parse("10.0.0.8"));
    var toC7 = h.sentTo(Ipv4.parse("10.0.0.7"));
    assertThat(toC8).extracting(ListenHarness.Sent::t).containsExactly(ms(771), ms(4661));
    assertThat(toC7).extracting(ListenHarness.Sent::t).containsExactly(ms(661), ms(4661));
    assertThat(h.sent.indexOf(toC8.get(1))).isLessThan(h.sent.indexOf(toC7.get(1)));
    assertThat(h.lopt().qlenYoung()).isZero();

    // 9.881: c9's second retransmission is admitted (young 0), bucket 2; 9.991 c10 likewise.
    h.runUntil(ms(9881));
    assertThat(h.lopt().qlen()).isEqualTo(3);
    assertThat(h.lopt().qlenYoung()).isEqualTo(1);
    h.runUntil(ms(9991));
    assertThat(h.lopt().qlen()).isEqualTo(4);
    assertThat(h.lopt().qlenYoung()).isEqualTo(2);

    // SYN-ACK retransmission times of c7/c8 (bucket 10), c9 (bucket 2) and c10 (bucket 11).
    h.runUntil(s(202));
    assertThat(h.sentTo(Ipv4.parse("10.0.0.7"))).extracting(ListenHarness.Sent::t)
        .containsExactly(ms(661), ms(4661), ms(11061), ms(23861), ms(47861), ms(95861));
    assertThat(h.sentTo(Ipv4.parse("10.0.0.9"))).extracting(ListenHarness.Sent::t)
        .containsExactly(ms(9881), ms(13461), ms(19861), ms(32661), ms(56661), ms(104661));
    assertThat(h.sentTo(Ipv4.parse("10.0.0.10"))).extracting(ListenHarness.Sent::t)
        .containsExactly(ms(9991), ms(14261), ms(20661), ms(33461), ms(57461), ms(105461));

    // Totals at 202 s.
    assertThat(h.get(MibCounter.IN_SEGS)).isEqualTo(44);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(30);
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(6);
    assertThat(h.get(MibCounter.CURR_ESTAB)).isEqualTo(6);
    assertThat(h.get(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(24);
    assertThat(h.get(MibCounter.LISTEN_DROPS)).isEqualTo(24);
    assertThat(h.get(MibCounter.EMBRYONIC_RSTS)).isZero();
    assertThat(h.get(MibCounter.OUT_RSTS)).isZero();
    assertThat(h.get(MibCounter.RETRANS_SEGS)).isZero();
    assertThat(h.listener.ackBacklog()).isEqualTo(6);
    assertThat(h.listener.maxAckBacklog()).isEqualTo(5);
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.listener.synTimerPending()).isFalse();
    assertThat(h.host.mib().get(SimCounter.REQUEST_EXPIRED)).isEqualTo(4);
  }

  /** E1b: two accept() calls at 30 s free two slots, won by c9 and c10 whose SYN-ACKs come first. */
  @Test
  void inetCskAccept_freedSlotsGoToTheFirstRetransmission_E1b() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    tenClients(h);
    h.atDo(s(30), () -> {
      assertThat(h.host.accept(h.listener).child().peer()).isEqualTo("10.0.0.1:40000");
      assertThat(h.host.accept(h.listener).child().peer()).isEqualTo("10.0.0.2:40000");
    });
    h.runUntil(s(30));
    assertThat(h.listener.ackBacklog()).isEqualTo(4);
    h.runUntil(ms(33461));
    assertThat(h.listener.ackBacklog()).isEqualTo(6);
    assertThat(h.lopt().qlen()).isEqualTo(2);
    h.runUntil(s(202));
    assertThat(h.listener.acceptQueue()).extracting(TcpSock::peer)
        .containsExactly("10.0.0.3:40000", "10.0.0.4:40000", "10.0.0.5:40000", "10.0.0.6:40000",
            "10.0.0.9:40000", "10.0.0.10:40000");
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(8);
    assertThat(h.get(MibCounter.CURR_ESTAB)).isEqualTo(8);
    assertThat(h.get(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(18);
    assertThat(h.get(MibCounter.LISTEN_DROPS)).isEqualTo(18);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(26);
    assertThat(h.get(MibCounter.IN_SEGS)).isEqualTo(40);
  }

  /** E2: tcp_abort_on_overflow = 1 resets c7..c10 at once: RST seq = S+1, flags R only. */
  @Test
  void tcpCheckReq_abortOnOverflowSendsEmbryonicReset_E2() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.TCP_ABORT_ON_OVERFLOW, 1);
    h.listen(5);
    ListenHarness.Peer[] c = tenClients(h);
    h.runUntil(s(202));
    for (int i = 7; i <= 10; i++) {
      var toCi = h.sentTo(Ipv4.parse("10.0.0." + i));
      assertThat(toCi).hasSize(2);
      assertThat(toCi.get(1).seg().flags()).isEqualTo(TcpFlags.RST);
      assertThat(toCi.get(1).seg().seq()).isEqualTo(c[i].serverIsn + 1);
      assertThat(c[i].reset).isTrue();
    }
    assertThat(h.get(MibCounter.IN_SEGS)).isEqualTo(20);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(14);
    assertThat(h.get(MibCounter.OUT_RSTS)).isEqualTo(4);
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(6);
    assertThat(h.get(MibCounter.CURR_ESTAB)).isEqualTo(6);
    assertThat(h.get(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(4);
    assertThat(h.get(MibCounter.LISTEN_DROPS)).isEqualTo(4);
    assertThat(h.get(MibCounter.EMBRYONIC_RSTS)).isEqualTo(4);
    assertThat(h.get(MibCounter.ATTEMPT_FAILS)).isZero();
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.listener.ackBacklog()).isEqualTo(6);
    assertThat(h.lopt().clockHand()).as("no timer tick ever ran").isZero();
  }
}
