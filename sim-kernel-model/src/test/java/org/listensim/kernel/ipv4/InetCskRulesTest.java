package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;
import static org.listensim.kernel.ipv4.ListenHarness.s;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.Jhash;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * {@code reqsk_queue_alloc}'s hash_rnd, {@code inet_csk_reqsk_queue_prune} with its clock hand and
 * TCP_DEFER_ACCEPT, and {@code inet_csk_listen_stop} (listen-path spec §8, §10.3). HZ 1000; the first
 * SYN at 0 arms the listener timer for 3.000, and with a 16-entry table (budget 2) bucket b is examined
 * at 3.0 + 0.2·⌊b/2⌋ + 1.6·k s.
 */
class InetCskRulesTest {
  private static final int S = 0x50000000;
  private static final int A = Ipv4.parse("10.0.0.1");
  private static final int B = Ipv4.parse("10.0.0.7");
  private static final int C = Ipv4.parse("10.0.0.4");

  private static List<Long> times(List<ListenHarness.Sent> sent) {
    return sent.stream().map(ListenHarness.Sent::t).toList();
  }

  /** Each listen() draws its own hash_rnd from the host's stream, unless the host pins it. */
  @Test
  void reqskQueueAlloc_hashRndIsDrawnForEachListenerUnlessPinned() {
    Simulator sim = new Simulator(1);
    List<TcpSegment> out = new ArrayList<>();
    Host host = new Host("server", KernelClock.atBoot(sim, 1000), new Sysctls(), out::add);
    TcpSock l80 = host.socket();
    host.bind(l80, 0, 80);
    host.listen(l80, 5);
    TcpSock l81 = host.socket();
    host.bind(l81, 0, 81);
    host.listen(l81, 5);
    int rnd = l80.listenOpt().hashRnd();
    assertThat(rnd).isNotZero().isNotEqualTo(l81.listenOpt().hashRnd());

    host.receive(new TcpSegment(A, 40000, ListenHarness.SERVER, 80, 1000, 0, TcpFlags.SYN, 5840, TcpOptions.NONE, 0));
    int bucket = Jhash.inetSynqHash(A, 40000, rnd, 16);
    assertThat(l80.listenOpt().bucket(bucket)).extracting(RequestSock::peer).containsExactly("10.0.0.1:40000");

    host.pinHashRnd(0x1234);
    TcpSock l82 = host.socket();
    host.bind(l82, 0, 82);
    host.listen(l82, 5);
    assertThat(l82.listenOpt().hashRnd()).isEqualTo(0x1234);
  }

  /**
   * The simulator allocates SYN tables of up to 2^24 entries (where the kernel's limit is what vmalloc
   * gives): backlog 2^24 − 1 gets exactly that, 2^24 would need 2^25 and listen() fails with ENOMEM.
   */
  @Test
  void reqskQueueAlloc_aTableOf2Pow24EntriesIsTheLargest() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.SOMAXCONN, -1);
    h.sysctls.set(Sysctl.TCP_MAX_SYN_BACKLOG, -1);
    assertThat(h.listen((1 << 24) - 1)).isZero();
    assertThat(h.lopt().nrTableEntries()).isEqualTo(1 << 24);
    assertThat(h.lopt().maxQlenLog()).isEqualTo(24);

    ListenHarness over = new ListenHarness();
    over.sysctls.set(Sysctl.SOMAXCONN, -1);
    over.sysctls.set(Sysctl.TCP_MAX_SYN_BACKLOG, -1);
    assertThat(over.listen(1 << 24)).isEqualTo(-Errno.ENOMEM.number());
    assertThat(over.listener.state()).isEqualTo(TcpState.CLOSE);
    assertThat(over.listener.listenOpt()).isNull();
  }

  /**
   * budget = 2·⌊nr_table_entries / 15⌋ buckets per 200 ms tick: a 16-entry table's hand moves 2 per
   * tick and is back at 0 after 8; a 32-entry table's (listen(16)) moves 4, so 10.0.0.1 (bucket 22 of
   * 32) is first retransmitted at 3.0 + 0.2·⌊22/4⌋ = 4.0 s, then at 4.0 + 6.4 = 10.4.
   */
  @Test
  void inetCskReqskQueuePrune_theClockHandAdvancesByTheBudget() {
    ListenHarness small = new ListenHarness();
    small.listen(5);
    small.at(0, ListenHarness.syn(A, 40000, 1000, TcpOptions.NONE));
    small.runUntil(ms(2999));
    assertThat(small.lopt().clockHand()).isZero();
    small.runUntil(s(3));
    assertThat(small.lopt().clockHand()).isEqualTo(2);
    small.runUntil(ms(3200));
    assertThat(small.lopt().clockHand()).isEqualTo(4);
    small.runUntil(ms(4400));
    assertThat(small.lopt().clockHand()).isZero();

    ListenHarness big = new ListenHarness();
    big.listen(16);
    assertThat(big.lopt().nrTableEntries()).isEqualTo(32);
    big.at(0, ListenHarness.syn(A, 40000, 1000, TcpOptions.NONE));
    big.runUntil(s(3));
    assertThat(big.lopt().clockHand()).isEqualTo(4);
    big.runUntil(s(11));
    assertThat(times(big.sentTo(A))).containsExactly(0L, ms(4000), ms(10400));
  }

  /**
   * TCP_DEFER_ACCEPT 190 s = 7 retransmissions, more than tcp_synack_retries 5, so max_retries = 7 for
   * acked requests (syn_ack_recalc). A (bucket 6) keeps ACKing: its request goes quiet through retrans 6
   * and the SYN-ACK of the 6 → 7 round, at 310.8 s, draws the ACK that makes the child. B (bucket 10) is
   * acked then silent: its SYN-ACK goes at 311.2 and it expires at retrans 7, at 431.2. C (bucket 8) never
   * ACKs: it gets every SYN-ACK and expires at retrans 5 = thresh, at 191.0, as without deferral.
   */
  @Test
  void synAckRecalc_aDeferralLongerThanSynackRetriesKeepsAnAckedRequest() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.host.setDeferAccept(h.listener, 190);
    assertThat(h.listener.deferAccept()).isEqualTo(7);
    h.client(A, 40000, 1000, 0);
    h.at(0, ListenHarness.syn(B, 40000, 7000, TcpOptions.NONE));
    h.at(0, ListenHarness.ack(B, 40000, 7001, S + 1));
    h.at(0, ListenHarness.syn(C, 40000, 4000, TcpOptions.NONE));

    h.runUntil(ms(190_999));
    assertThat(h.lopt().qlen()).isEqualTo(3);
    h.runUntil(s(191));
    assertThat(h.lopt().qlen()).isEqualTo(2);
    assertThat(times(h.sentTo(C))).containsExactly(0L, ms(3800), ms(10200), ms(23000), ms(47000), ms(95000));

    h.runUntil(ms(310_800));
    assertThat(times(h.sentTo(A))).containsExactly(0L, ms(310_800));
    assertThat(h.listener.acceptQueue()).extracting(TcpSock::peer).containsExactly("10.0.0.1:40000");
    assertThat(h.lopt().qlen()).isEqualTo(1);

    h.runUntil(ms(431_199));
    assertThat(times(h.sentTo(B))).containsExactly(0L, ms(311_200));
    assertThat(h.lopt().qlen()).isEqualTo(1);
    h.runUntil(ms(431_200));
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.host.mib().get(SimCounter.REQUEST_EXPIRED)).isEqualTo(2);
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(1);
    assertThat(h.host.mib().get(SimCounter.ACK_DEFERRED)).isEqualTo(2);
  }

  /**
   * inet_csk_listen_stop disconnects every queued child, but tcp_disconnect resets only those whose
   * state needs it: a child its peer already reset (CLOSE) gets nothing, an ESTABLISHED one RST|ACK.
   */
  @Test
  void inetCskListenStop_aChildAlreadyResetByItsPeerGetsNoRst() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.client(A, 40000, 1000, ms(1));
    h.client(B, 40000, 7000, ms(2));
    h.at(ms(5), new TcpSegment(A, 40000, ListenHarness.SERVER, 80, 1001, 0, TcpFlags.RST, 0, TcpOptions.NONE, 0));
    h.runUntil(ms(5));
    assertThat(h.listener.acceptQueue()).extracting(TcpSock::state)
        .containsExactly(TcpState.CLOSE, TcpState.ESTABLISHED);
    assertThat(h.get(MibCounter.ESTAB_RESETS)).isEqualTo(1);
    int toA = h.sentTo(A).size();

    h.atDo(ms(10), () -> h.host.close(h.listener));
    h.runUntil(ms(10));
    assertThat(h.sentTo(A)).hasSize(toA);
    TcpSegment rst = h.sentTo(B).get(h.sentTo(B).size() - 1).seg();
    assertThat(rst.flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
    assertThat(rst.seq()).isEqualTo(S + 1);
    assertThat(rst.ack()).isEqualTo(7001);
    assertThat(h.get(MibCounter.OUT_RSTS)).isEqualTo(1);
    assertThat(h.get(MibCounter.ESTAB_RESETS)).isEqualTo(2);
    assertThat(h.listener.ackBacklog()).isZero();
  }
}
