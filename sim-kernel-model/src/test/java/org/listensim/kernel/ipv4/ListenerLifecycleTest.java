package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;
import static org.listensim.kernel.ipv4.ListenHarness.s;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/** accept(), close() of a listener (E9) and TCP_DEFER_ACCEPT (E10). */
class ListenerLifecycleTest {
  private static final int S = 0x50000000;

  private static TcpSegment from(String addr, int flags, int seq, int ack) {
    return new TcpSegment(Ipv4.parse(addr), 40000, ListenHarness.SERVER, 80, seq, ack, flags, 46, TcpOptions.NONE, 0);
  }

  @Test
  void inetCskAccept_oldestFirst_thenEagain_andEinvalWhenNotListening() {
    ListenHarness h = new ListenHarness();
    assertThat(h.host.accept(h.listener).error()).isEqualTo(Errno.EINVAL);
    h.listen(5);
    for (int i = 1; i <= 3; i++) {
      h.client(Ipv4.parse("10.0.0." + i), 40000, 1000 * i, ms(i));
    }
    h.runUntil(ms(10));
    assertThat(h.listener.ackBacklog()).isEqualTo(3);
    assertThat(h.host.accept(h.listener).child().peer()).isEqualTo("10.0.0.1:40000");
    assertThat(h.host.accept(h.listener).child().peer()).isEqualTo("10.0.0.2:40000");
    assertThat(h.host.accept(h.listener).child().peer()).isEqualTo("10.0.0.3:40000");
    assertThat(h.host.accept(h.listener).error()).isEqualTo(Errno.EAGAIN);
    assertThat(h.listener.ackBacklog()).isZero();
  }

  @Test
  void tcpChildProcess_wakesTheAcceptor() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    int[] wakeups = {0};
    h.listener.onDataReady(() -> wakeups[0]++);
    h.client(Ipv4.parse("10.0.0.1"), 40000, 1000, ms(1));
    h.runUntil(ms(10));
    assertThat(wakeups[0]).isEqualTo(1);
  }

  /**
   * E9: closing a listener with two queued children (one ESTABLISHED, one CLOSE_WAIT) and one pending
   * request. The request is freed silently; each child gets an active RST|ACK and EstabResets +1; a
   * later ACK from the request's client meets no socket and gets a RST.
   */
  @Test
  void inetCskListenStop_resetsChildrenAndFreesRequests_E9() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.at(ms(1), ListenHarness.syn(Ipv4.parse("10.0.0.1"), 40000, 1000, TcpOptions.NONE));
    h.at(ms(2), from("10.0.0.1", TcpFlags.ACK, 1001, S + 1));
    h.at(ms(3), ListenHarness.syn(Ipv4.parse("10.0.0.2"), 40000, 2000, TcpOptions.NONE));
    h.at(ms(4), from("10.0.0.2", TcpFlags.ACK, 2001, S + 1));
    h.at(ms(5), from("10.0.0.2", TcpFlags.ACK | TcpFlags.FIN, 2001, S + 1));
    h.at(ms(6), ListenHarness.syn(Ipv4.parse("10.0.0.3"), 40000, 3000, TcpOptions.NONE));
    h.runUntil(s(9));
    List<TcpSock> children = h.listener.acceptQueue();
    assertThat(children).extracting(TcpSock::state).containsExactly(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT);
    assertThat(h.get(MibCounter.CURR_ESTAB)).isEqualTo(1);
    long outSegs = h.get(MibCounter.OUT_SEGS);

    h.atDo(s(10), () -> h.host.close(h.listener));
    h.runUntil(s(10));
    assertThat(h.listener.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.listener.synTimerPending()).isFalse();
    assertThat(h.listener.ackBacklog()).isZero();
    assertThat(h.get(MibCounter.ESTAB_RESETS)).isEqualTo(2);
    assertThat(h.get(MibCounter.CURR_ESTAB)).isZero();
    assertThat(h.get(MibCounter.OUT_RSTS)).isEqualTo(2);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(outSegs + 2);
    assertThat(h.host.mib().get(SimCounter.REQUEST_FREED_AT_CLOSE)).isEqualTo(1);
    var rst1 = h.sentTo(Ipv4.parse("10.0.0.1"));
    TcpSegment r1 = rst1.get(rst1.size() - 1).seg();
    assertThat(r1.flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
    assertThat(r1.seq()).isEqualTo(S + 1);
    assertThat(r1.ack()).isEqualTo(1001);
    var rst2 = h.sentTo(Ipv4.parse("10.0.0.2"));
    assertThat(rst2.get(rst2.size() - 1).seg().ack()).isEqualTo(2002);

    h.at(ms(10500), from("10.0.0.3", TcpFlags.ACK, 3001, S + 1));
    h.runUntil(ms(10500));
    var toC3 = h.sentTo(Ipv4.parse("10.0.0.3"));
    TcpSegment last = toC3.get(toC3.size() - 1).seg();
    assertThat(last.flags()).isEqualTo(TcpFlags.RST);
    assertThat(last.seq()).isEqualTo(S + 1);
    assertThat(h.get(MibCounter.OUT_RSTS)).isEqualTo(3);
  }

  /** secs_to_retrans: 1–3 s → 1, 4–9 → 2, 10–21 → 3, 22–45 → 4, 46–93 → 5, 94–189 → 6, 190–309 → 7. */
  @Test
  void secsToRetrans_convertsSecondsToRetransmissions() {
    int[][] cases = {{0, 0}, {-5, 0}, {1, 1}, {3, 1}, {4, 2}, {9, 2}, {10, 3}, {21, 3}, {22, 4}, {45, 4},
        {46, 5}, {93, 5}, {94, 6}, {189, 6}, {190, 7}, {309, 7}, {310, 8}, {Integer.MAX_VALUE, 255}};
    for (int[] c : cases) {
      assertThat(SocketCalls.secsToRetrans(c[0], 3, 120)).as("%d s", c[0]).isEqualTo(c[1]);
    }
  }

  /**
   * E10: TCP_DEFER_ACCEPT 5 s (2 retransmissions). The bare ACK at 0 is swallowed; the 3.6 s tick
   * advances the request without a SYN-ACK; the 10.0 s tick sends one, whose ACK creates the child.
   */
  @Test
  void tcpCheckReq_deferAcceptSwallowsBareAcks_E10() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.host.setDeferAccept(h.listener, 5);
    assertThat(h.listener.deferAccept()).isEqualTo(2);
    ListenHarness.Peer c = h.client(Ipv4.parse("10.0.0.1"), 40000, 1000, 0);
    h.runUntil(0);
    var req = h.host.icsk.inetCskSearchReq(h.listener, 40000, Ipv4.parse("10.0.0.1"), ListenHarness.SERVER);
    assertThat(req.acked()).isTrue();
    assertThat(h.listener.ackBacklog()).isZero();
    h.runUntil(ms(3600));
    assertThat(req.retrans()).isEqualTo(1);
    assertThat(h.lopt().qlenYoung()).isZero();
    assertThat(req.expires() - h.clock.initialJiffies()).isEqualTo(9600);
    assertThat(h.sentTo(Ipv4.parse("10.0.0.1"))).hasSize(1);
    h.runUntil(ms(10000));
    assertThat(h.sentTo(Ipv4.parse("10.0.0.1"))).extracting(ListenHarness.Sent::t).containsExactly(0L, ms(10000));
    assertThat(h.listener.ackBacklog()).isEqualTo(1);
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(2);
    assertThat(c.synAcks).isEqualTo(2);
  }

  @Test
  void tcpCheckReq_deferAcceptDataCreatesTheChildAtOnce() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.host.setDeferAccept(h.listener, 5);
    h.at(0, ListenHarness.syn(Ipv4.parse("10.0.0.1"), 40000, 1000, TcpOptions.NONE));
    h.at(ms(50), from("10.0.0.1", TcpFlags.ACK | TcpFlags.PSH, 1001, S + 1).withPayload(10));
    h.runUntil(ms(50));
    assertThat(h.listener.ackBacklog()).isEqualTo(1);
  }
}
