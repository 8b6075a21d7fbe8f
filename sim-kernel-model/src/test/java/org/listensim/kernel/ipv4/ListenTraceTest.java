package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;
import static org.listensim.kernel.ipv4.ListenHarness.s;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * The trace a listener leaves: one {@code KernelTrace.Listen} record per change to a request or the
 * accept queue, with the queue lengths right after it (qlen, qlen_young, sk_ack_backlog), the
 * segments in and out, and the kernel log lines. Each record below is written as "ms type peer detail
 * qlen young backlog"; the peer of a record about no remote end is "*"; sockets are numbered from 1 in
 * creation order (the listener is sock 1).
 */
class ListenTraceTest {
  private static final int S = 0x50000000;

  private final List<String> listen = new ArrayList<>();
  private final List<String> segments = new ArrayList<>();
  private final List<String> klog = new ArrayList<>();
  private String hostName;

  private ListenHarness traced() {
    Simulator sim = new Simulator(1, (t, r) -> {
      long ms = t / 1_000_000L;
      if (r instanceof KernelTrace.Listen l) {
        assertThat(l.host()).isEqualTo(hostName);
        listen.add(ms + " " + l.type() + " " + l.peer() + " " + l.detail() + " " + l.qlen() + " " + l.qlenYoung()
            + " " + l.ackBacklog());
      } else if (r instanceof KernelTrace.Segment g) {
        segments.add(ms + " " + g.type() + " " + TcpFlags.letters(g.seg().flags()) + " "
            + Ipv4.format(g.seg().saddr(), g.seg().sport()) + ">" + Ipv4.format(g.seg().daddr(), g.seg().dport()));
      } else if (r instanceof KernelTrace.Klog k) {
        klog.add(ms + " " + k.level() + " " + k.message());
      }
    });
    ListenHarness h = new ListenHarness(sim);
    hostName = h.host.name();
    assertThat(hostName).isEqualTo("server");
    return h;
  }

  private static TcpSegment ackFrom(String addr, int isn) {
    return ListenHarness.ack(Ipv4.parse(addr), 40000, isn + 1, S + 1);
  }

  private static TcpSegment synFrom(String addr, int isn) {
    return ListenHarness.syn(Ipv4.parse(addr), 40000, isn, TcpOptions.NONE);
  }

  /** listen, two connections, accept, a pending request, close: E9's records. */
  @Test
  void traceListen_aListenersLifeFromListenToClose() {
    ListenHarness h = traced();
    h.listen(5);
    h.at(ms(1), synFrom("10.0.0.1", 1000));
    h.at(ms(2), ackFrom("10.0.0.1", 1000));
    h.at(ms(3), synFrom("10.0.0.2", 2000));
    h.at(ms(4), ackFrom("10.0.0.2", 2000));
    h.atDo(ms(5), () -> h.host.accept(h.listener));
    h.at(ms(6), synFrom("10.0.0.3", 3000));
    h.atDo(ms(10), () -> h.host.close(h.listener));
    h.runUntil(ms(10));
    assertThat(listen).containsExactly(
        "0 listen * backlog=5 0 0 0",
        "1 req-add 10.0.0.1:40000 bucket=6 1 1 0",
        "2 child-queued 10.0.0.1:40000 sock=2 0 0 1",
        "3 req-add 10.0.0.2:40000 bucket=12 1 1 1",
        "4 child-queued 10.0.0.2:40000 sock=3 0 0 2",
        "5 accept 10.0.0.1:40000 sock=2 0 0 1",
        "6 req-add 10.0.0.3:40000 bucket=15 1 1 1",
        "10 req-free 10.0.0.3:40000 listener-closed 1 1 1",
        "10 close * listener 0 0 0");
    assertThat(segments).containsExactly(
        "1 seg-in S 10.0.0.1:40000>10.0.0.100:80",
        "1 seg-out SA 10.0.0.100:80>10.0.0.1:40000",
        "2 seg-in A 10.0.0.1:40000>10.0.0.100:80",
        "3 seg-in S 10.0.0.2:40000>10.0.0.100:80",
        "3 seg-out SA 10.0.0.100:80>10.0.0.2:40000",
        "4 seg-in A 10.0.0.2:40000>10.0.0.100:80",
        "6 seg-in S 10.0.0.3:40000>10.0.0.100:80",
        "6 seg-out SA 10.0.0.100:80>10.0.0.3:40000",
        "10 seg-out RA 10.0.0.100:80>10.0.0.2:40000");
    assertThat(h.listener.id()).isEqualTo(1);
  }

  /** E10 with TCP_DEFER_ACCEPT 5 s: the swallowed ACK, the silent tick at 3.6, the SYN-ACK at 10.0, the child. */
  @Test
  void traceListen_deferAcceptRecordsEachDecision() {
    ListenHarness h = traced();
    h.listen(5);
    h.host.setDeferAccept(h.listener, 5);
    h.client(Ipv4.parse("10.0.0.1"), 40000, 1000, 0);
    h.runUntil(s(11));
    assertThat(listen).containsExactly(
        "0 listen * backlog=5 0 0 0",
        "0 req-add 10.0.0.1:40000 bucket=6 1 1 0",
        "0 req-deferred 10.0.0.1:40000 retrans=0 1 1 0",
        "3600 req-rtx-skipped 10.0.0.1:40000 retrans=1 1 0 0",
        "10000 req-rtx 10.0.0.1:40000 retrans=2 1 0 0",
        "10000 child-queued 10.0.0.1:40000 sock=2 0 0 1");
  }

  /**
   * A backlog-0 listener with one child: two young requests are admitted, a third SYN is dropped, the
   * first request's ACK overflows and leaves it acked, a SYN to the broadcast address is dropped.
   */
  @Test
  void traceListen_dropsAndOverflowsNameTheirReason() {
    ListenHarness h = traced();
    h.listen(0);
    h.at(ms(1), synFrom("10.0.0.1", 1000));
    h.at(ms(2), ackFrom("10.0.0.1", 1000));
    h.at(ms(3), synFrom("10.0.0.2", 2000));
    h.at(ms(4), synFrom("10.0.0.3", 3000));
    h.at(ms(5), synFrom("10.0.0.4", 4000));
    h.at(ms(6), ackFrom("10.0.0.2", 2000));
    h.at(ms(7), new TcpSegment(Ipv4.parse("10.0.0.5"), 40000, -1, 80, 5000, 0, TcpFlags.SYN, 5840, TcpOptions.NONE, 0));
    h.runUntil(ms(7));
    assertThat(listen).containsExactly(
        "0 listen * backlog=0 0 0 0",
        "1 req-add 10.0.0.1:40000 bucket=6 1 1 0",
        "2 child-queued 10.0.0.1:40000 sock=2 0 0 1",
        "3 req-add 10.0.0.2:40000 bucket=12 1 1 1",
        "4 req-add 10.0.0.3:40000 bucket=15 2 2 1",
        "5 syn-drop 10.0.0.4:40000 accept-queue-full 2 2 1",
        "6 ack-overflow 10.0.0.2:40000 acked 2 2 1",
        "7 syn-drop 10.0.0.5:40000 broadcast 2 2 1");
    assertThat(h.host.mib().get(SimCounter.SYN_DROP_BROADCAST)).isEqualTo(1);
    assertThat(h.host.mib().get(SimCounter.ACK_OVERFLOW_DROPPED)).isEqualTo(1);
  }

  /**
   * The last quarter of tcp_max_syn_backlog 16 refuses SYNs at qlen 13; each refusal may log "TCP: drop
   * open request from" at KERN_DEBUG, at most 10 lines per 5 s (net_ratelimit): the drops at 14..23 ms
   * are logged, 24..30 ms not, and the one at 6 s opens a new burst.
   */
  @Test
  void tcpV4ConnRequest_lastQuarterDropsAreLoggedAtMostTenPerFiveSeconds() {
    ListenHarness h = traced();
    h.sysctls.set(Sysctl.TCP_MAX_SYN_BACKLOG, 16);
    h.listen(16);
    for (int i = 1; i <= 30; i++) {
      h.at(ms(i), ListenHarness.syn(Ipv4.parse("198.51.100." + i), 20000, i, TcpOptions.NONE));
    }
    h.at(s(6), ListenHarness.syn(Ipv4.parse("198.51.100.31"), 20000, 31, TcpOptions.NONE));
    h.runUntil(s(6));
    List<String> expected = new ArrayList<>();
    for (int i = 14; i <= 23; i++) {
      expected.add(i + " debug TCP: drop open request from 198.51.100." + i + "/20000");
    }
    expected.add("6000 debug TCP: drop open request from 198.51.100.31/20000");
    assertThat(klog).containsExactlyElementsOf(expected);
    assertThat(listen.stream().filter(l -> l.contains("syn-drop"))).hasSize(18)
        .first().isEqualTo("14 syn-drop 198.51.100.14:20000 last-quarter 13 13 0");
    assertThat(h.host.mib().get(SimCounter.SYN_DROP_LAST_QUARTER)).isEqualTo(18);
  }

  /** The syncookie path: cookie SYN-ACKs, children from cookies, and a cookie ACK that finds the accept queue full. */
  @Test
  void traceListen_cookieRecordsCarryTheCookieMss() {
    ListenHarness h = traced();
    h.sysctls.set(Sysctl.TCP_SYNCOOKIES, 1);
    h.listen(5);
    for (int i = 1; i <= 16; i++) {
      h.at(ms(50 * (i - 1)), ListenHarness.syn(Ipv4.parse("198.51.100." + i), 20000, i, TcpOptions.NONE));
    }
    h.at(ms(790), ListenHarness.syn(Ipv4.parse("10.0.0.1"), 40000, 1000, TcpOptions.mss(1460)));
    for (int i = 1; i <= 6; i++) {
      h.client(Ipv4.parse("10.0.1." + i), 40000, 100 * i, ms(800 + i));
    }
    h.runUntil(ms(900));
    int cookie = h.sentTo(Ipv4.parse("10.0.0.1")).get(0).seg().seq();
    h.at(ms(950), ListenHarness.ack(Ipv4.parse("10.0.0.1"), 40000, 1001, cookie + 1));
    h.runUntil(ms(950));
    assertThat(listen.stream().filter(l -> l.contains(" 10.0.0.1:") || l.contains(" 10.0.1.1:"))).containsExactly(
        "790 syn-cookie 10.0.0.1:40000 mss=1460 16 16 0",
        "801 syn-cookie 10.0.1.1:40000 mss=1460 16 16 0",
        "801 child-queued 10.0.1.1:40000 cookie mss=1460 16 16 1",
        "950 cookie-overflow 10.0.0.1:40000 mss=1460 16 16 6");
    assertThat(h.host.mib().get(SimCounter.SYN_COOKIE_SENT)).isEqualTo(7);
    assertThat(h.host.mib().get(SimCounter.COOKIE_TO_CHILD)).isEqualTo(6);
    assertThat(h.get(MibCounter.SYNCOOKIES_SENT)).isEqualTo(7);
  }
}
