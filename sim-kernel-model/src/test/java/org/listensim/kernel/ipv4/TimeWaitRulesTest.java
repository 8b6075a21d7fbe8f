package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;
import static org.listensim.kernel.ipv4.ListenHarness.s;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * A server child that closes first, and then TIME_WAIT as {@code tcp_time_wait},
 * {@code tcp_timewait_state_process} and the reaper treat it (listen-path spec §3.5, active-open spec §5).
 *
 * <p>The exchange, by hand (HZ 1000, server S = 10.0.0.100:80 with ISN 0x50000000, client C =
 * 10.0.0.3:40000 with ISN 1000): SYN at 0, ACK at 1 ms (child ESTABLISHED); at 2 ms the application
 * accepts and closes it (FIN seq S+1, FIN_WAIT1, snd_nxt S+2); C's ACK of the FIN at 3 ms (FIN_WAIT2,
 * orphan: its timer is tcp_fin_time = 60 s since the RTO is far below 17 s); C's FIN at 4 ms
 * (seq 1001): the child ACKs it (ack 1002) and enters TIME_WAIT with rcv_nxt 1002, snd_nxt S+2, due at
 * 4 + 60000 ms. With timestamps C sends TSval 100, 101, 102, 103, so ts_recent is 103.
 */
class TimeWaitRulesTest {
  private static final int C = Ipv4.parse("10.0.0.3");
  private static final int S = 0x50000000;

  private static TcpOptions ts(boolean timestamps, int tsval) {
    return timestamps ? TcpOptions.NONE.withTimestamp(tsval, 0) : TcpOptions.NONE;
  }

  private static TcpSegment fromC(int flags, int seq, int ack, TcpOptions o) {
    return new TcpSegment(C, 40000, ListenHarness.SERVER, 80, seq, ack, flags, 5840, o, 0);
  }

  /** The harness and the server child, driven up to FIN_WAIT2 (orphan) at 3 ms. */
  private record Closing(ListenHarness h, TcpSock child) {
    long jiffiesSinceBoot(long expires) {
      return expires - h.clock.initialJiffies();
    }

    TcpSegment lastSent() {
      return h.sent.get(h.sent.size() - 1).seg();
    }
  }

  private static Closing finWait2(ListenHarness h, boolean timestamps) {
    return finWait2(h, timestamps, S);
  }

  private static Closing finWait2(ListenHarness h, boolean timestamps, int isn) {
    h.listen(5);
    TcpOptions synOpts = timestamps ? TcpOptions.mss(1460).withTimestamp(100, 0) : TcpOptions.mss(1460);
    h.at(0, ListenHarness.syn(C, 40000, 1000, synOpts));
    h.at(ms(1), fromC(TcpFlags.ACK, 1001, isn + 1, ts(timestamps, 101)));
    TcpSock[] child = new TcpSock[1];
    h.atDo(ms(2), () -> {
      child[0] = h.host.accept(h.listener).child();
      h.host.close(child[0]);
    });
    h.at(ms(3), fromC(TcpFlags.ACK, 1001, isn + 2, ts(timestamps, 102)));
    h.runUntil(ms(3));
    assertThat(child[0].state()).isEqualTo(TcpState.FIN_WAIT2);
    return new Closing(h, child[0]);
  }

  private static Closing timeWait(ListenHarness h, boolean timestamps, int isn) {
    Closing c = finWait2(h, timestamps, isn);
    h.at(ms(4), fromC(TcpFlags.ACK | TcpFlags.FIN, 1001, isn + 2, ts(timestamps, 103)));
    h.runUntil(ms(4));
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(c.lastSent().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(c.lastSent().ack()).isEqualTo(1002);
    return c;
  }

  private static Closing timeWait(boolean timestamps) {
    return timeWait(new ListenHarness(), timestamps, S);
  }

  @Test
  void tcpTimeWait_socketLivesTcpTimewaitLenThenTheReaperEndsItAndCountsTw() {
    Closing c = timeWait(false);
    int[] closed = {0};
    c.child.setCallbacks(new SockCallbacks() {
      @Override
      public void closed(TcpSock sk) {
        closed[0]++;
      }
    });
    assertThat(c.child.xmitTimerPending()).isTrue();
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(4 + 60_000);
    assertThat(c.h.host.findSocket(ListenHarness.SERVER, 80, C, 40000)).isSameAs(c.child);
    assertThat(c.h.host.establishedCount()).isEqualTo(1);
    int sent = c.h.sent.size();

    c.h.runUntil(ms(60_003));
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    c.h.runUntil(ms(60_004));
    assertThat(c.child.state()).isEqualTo(TcpState.CLOSE);
    assertThat(c.child.xmitTimerPending()).isFalse();
    assertThat(c.h.host.findSocket(ListenHarness.SERVER, 80, C, 40000)).isNull();
    assertThat(c.h.host.establishedCount()).isZero();
    assertThat(c.h.get(MibCounter.TIME_WAITED)).isEqualTo(1);
    assertThat(closed[0]).isEqualTo(1);
    assertThat(c.h.sent).hasSize(sent);
  }

  /**
   * An orphan whose FIN was acknowledged becomes a TIME_WAIT mini-socket in the FIN_WAIT2 substate for
   * tcp_fin_time; the reaper that ends it counts it in TW like any other it kills
   * (inet_twdr_do_twkill_work counts every socket of the slot).
   */
  @Test
  void twKill_orphanInFinWait2IsEndedAfterTcpFinTimeoutAndCountedInTw() {
    Closing c = finWait2(new ListenHarness(), false);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(3 + 60_000);
    int sent = c.h.sent.size();
    c.h.runUntil(ms(60_002));
    assertThat(c.child.state()).isEqualTo(TcpState.FIN_WAIT2);
    c.h.runUntil(ms(60_003));
    assertThat(c.child.state()).isEqualTo(TcpState.CLOSE);
    assertThat(c.h.host.establishedCount()).isZero();
    assertThat(c.h.get(MibCounter.TIME_WAITED)).isEqualTo(1);
    assertThat(c.h.sent).hasSize(sent);
  }
}
