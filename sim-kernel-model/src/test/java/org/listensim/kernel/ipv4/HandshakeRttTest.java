package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * {@code tcp_rcv_state_process}, SYN_RECV: when the third ACK carries a timestamp whose echo is not 0
 * and the child has no RTT estimate yet, the child takes its first RTT sample from the echo ({@code
 * tcp_ack_saw_tstamp} → {@code tcp_valid_rtt_meas}); {@code tcp_init_metrics} then keeps it, since
 * timestamps were seen. Without timestamps the child keeps TCP_TIMEOUT_INIT. HZ 1000, so jiffies are ms.
 */
class HandshakeRttTest {
  private static final int C = Ipv4.parse("10.0.0.3");
  private static final int S = 0x50000000;

  /** SYN at 0 (TSval 7000), the third ACK at {@code ackAt}; returns the accepted child. */
  private static TcpSock handshake(ListenHarness h, long ackAt, boolean timestamps) {
    return handshake(h, ackAt, timestamps, 0);
  }

  /** As above, the ACK echoing the SYN-ACK's TSval plus {@code echoSkew}. */
  private static TcpSock handshake(ListenHarness h, long ackAt, boolean timestamps, int echoSkew) {
    h.listen(5);
    TcpOptions synOpts = timestamps ? TcpOptions.mss(1460).withTimestamp(7000, 0) : TcpOptions.mss(1460);
    h.at(0, ListenHarness.syn(C, 40000, 5000, synOpts));
    h.runUntil(0);
    TcpSegment synack = h.sent.get(0).seg();
    assertThat(synack.flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    TcpOptions ackOpts = timestamps
        ? TcpOptions.NONE.withTimestamp(7000 + (int) (ackAt / 1_000_000), synack.options().tsval() + echoSkew)
        : TcpOptions.NONE;
    h.at(ackAt, new TcpSegment(C, 40000, ListenHarness.SERVER, ListenHarness.PORT, 5001, S + 1, TcpFlags.ACK,
        46, ackOpts, 0));
    h.runUntil(ackAt);
    Host.AcceptResult r = h.host.accept(h.listener);
    assertThat(r.child()).isNotNull();
    return r.child();
  }

  @Test
  void tcpRcvStateProcess_synRecvTakesTheRttSampleFromTheEchoedSynackTimestamp() {
    ListenHarness h = new ListenHarness();
    TcpSock child = handshake(h, ms(20), true);
    // First sample m = 20: srtt = 8m = 160, mdev = 2m = 40, rttvar = max(mdev, TCP_RTO_MIN 200) = 200,
    // rto = srtt/8 + rttvar = 220 jiffies.
    assertThat(child.srtt()).isEqualTo(160);
    assertThat(child.rto()).isEqualTo(220);
  }

  @Test
  void tcpRcvStateProcess_synRecvWithoutTimestampsKeepsTcpTimeoutInit() {
    ListenHarness h = new ListenHarness();
    TcpSock child = handshake(h, ms(20), false);
    assertThat(child.srtt()).isZero();
    assertThat(child.rto()).isEqualTo(3000);
  }

  @Test
  void tcpRcvStateProcess_synRecvSampleAfterASlowHandshakeIsCappedOnlyByRtoMax() {
    ListenHarness h = new ListenHarness();
    // The ACK 2500 ms after the SYN-ACK: m = 2500, srtt 20000, rttvar = max(5000, 200) = 5000,
    // rto = 2500 + 5000 = 7500 jiffies (below TCP_RTO_MAX 120000).
    TcpSock child = handshake(h, ms(2500), true);
    assertThat(child.srtt()).isEqualTo(20000);
    assertThat(child.rto()).isEqualTo(7500);
  }

  @Test
  void tcpRttEstimator_anEchoFromTheFutureIsANearly2To32Sample_soTheRtoIsTcpRtoMax() {
    ListenHarness h = new ListenHarness();
    // The ACK at 0 echoes TSval + 100: the sample is (u32) -100 = 4294967196 jiffies. srtt = 8m and
    // mdev = 2m wrap in u32 to 4294966496 and 4294967096 (= rttvar, above TCP_RTO_MIN);
    // srtt/8 + rttvar wraps to 536870612, above TCP_RTO_MAX, so rto = 120000.
    TcpSock child = handshake(h, 0, true, 100);
    assertThat(Integer.toUnsignedLong(child.srtt())).isEqualTo(4294966496L);
    assertThat(child.rto()).isEqualTo(120000);
  }

  /**
   * {@code tcp_create_openreq_child}: the SYN had no timestamp, so none was agreed; the third ACK
   * carries one anyway (TSval 7020). tcp_check_req stores it in the request, but the child copies
   * ts_recent only with tstamp_ok, so it keeps the listener's 0 and takes no RTT sample.
   */
  @Test
  void tcpCreateOpenreqChild_withoutAgreedTimestampsTheChildKeepsNoTsRecent() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.at(0, ListenHarness.syn(C, 40000, 5000, TcpOptions.mss(1460)));
    h.runUntil(0);
    int synackTsval = h.sent.get(0).seg().options().tsval();
    h.at(ms(20), new TcpSegment(C, 40000, ListenHarness.SERVER, ListenHarness.PORT, 5001, S + 1, TcpFlags.ACK, 46,
        TcpOptions.NONE.withTimestamp(7020, synackTsval), 0));
    h.runUntil(ms(20));
    TcpSock child = h.host.accept(h.listener).child();
    assertThat(child.tsRecent()).isZero();
    assertThat(child.srtt()).isZero();
    assertThat(child.rto()).isEqualTo(3000);
  }
}
