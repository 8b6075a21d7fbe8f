package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ScriptedServer.IRS;
import static org.listensim.kernel.ipv4.ScriptedServer.ISS;
import static org.listensim.kernel.ipv4.ScriptedServer.J0;
import static org.listensim.kernel.ipv4.ScriptedServer.PEER_TS;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;

/** Rules of net/ipv4/tcp_timer.c (2.6.32.9) for a connection, on a client with a scripted server. */
class TcpTimerRulesTest {

  /**
   * tcp_orphan_retries: an orphan retries 8 times while its RTO is below TCP_RTO_MAX, so its lost FIN
   * (RTO 210 ms) goes at 20, then 230, 650, 1490, 3170, 6530, 13250, 26690, 53570; at 107330 ms
   * retransmits_timed_out(8) holds (107100 ≥ 511 × 200 since retrans_stamp 230) and it is closed —
   * long before tcp_retries2 (15) would end a connection that still has its application.
   */
  @Test
  void tcpWriteTimeout_orphanGivesUpAfterEightRetries() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.atDo(20, () -> h.host.close(h.sk));
    h.runUntilMs(107_329);
    assertThat(h.sentFrom(20).stream().filter(s -> s.seg().has(TcpFlags.FIN)).map(ScriptedServer.Sent::ms).toList())
        .containsExactly(20L, 230L, 650L, 1490L, 3170L, 6530L, 13250L, 26690L, 53570L);
    assertThat(h.sk.state()).isEqualTo(TcpState.FIN_WAIT1);
    assertThat(h.sk.retransmits()).isEqualTo(8);
    h.runUntilMs(107_330);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.sk.error()).isEqualTo(Errno.ETIMEDOUT);
    assertThat(h.mib(MibCounter.RETRANS_SEGS)).isEqualTo(8);
    assertThat(h.mib(MibCounter.TCP_TIMEOUTS)).isEqualTo(1);
    assertThat(h.sentFrom(53_571)).isEmpty();
  }

  /**
   * retransmits_timed_out compares with ≥: with RTT 100 ms (RTO 300) and tcp_retries2 = 1 the data
   * goes at 101 and 401 (retrans_stamp); at the next expiry, 1001, 600 ms have passed = (2² − 1) × 200
   * and the connection times out there, not one RTO later.
   */
  @Test
  void retransmitsTimedOut_elapsedEqualToTheLimitGivesUp() {
    ScriptedServer h = new ScriptedServer();
    h.sysctls.set(Sysctl.TCP_RETRIES2, 1);
    h.connect();
    h.at(100, h.synAck());
    h.atDo(101, () -> h.host.send(h.sk, 100));
    h.runUntilMs(100);
    assertThat(h.sk.rto()).isEqualTo(300);
    h.runUntilMs(5000);
    assertThat(h.sentFrom(101).stream().map(ScriptedServer.Sent::ms).toList()).containsExactly(101L, 401L);
    assertThat(h.app.events).containsExactly("100 connected", "1001 error ETIMEDOUT", "1001 closed");
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
  }

  /** TIME_WAIT ends by the socket's timer 60 s after the peer's FIN was acknowledged in FIN_WAIT2. */
  @Test
  void tcpWriteTimer_endsTimeWaitAfterSixtySeconds() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.atDo(20, () -> h.host.close(h.sk));
    h.at(30, h.seg(IRS + 1, ISS + 2, TcpFlags.ACK | TcpFlags.FIN, 46,
        TcpOptions.NONE.withTimestamp(PEER_TS, (int) J0 + 20), 0));
    h.runUntilMs(30);
    assertThat(h.sk.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(h.sk.xmitTimerExpires()).isEqualTo(J0 + 60_030);
    h.runUntilMs(60_029);
    assertThat(h.sk.state()).isEqualTo(TcpState.TIME_WAIT);
    h.runUntilMs(60_030);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.mib(MibCounter.TIME_WAITED)).isEqualTo(1);
    assertThat(h.host.establishedCount()).isZero();
  }
  /**
   * Past the linear-backoff threshold (N = 9) the limit is 1023 × 200 + (N − 9) × 120000 ms: with
   * tcp_retries2 15 that is 924600. RTT 269 ms gives RTO 807; the data (270 ms) is retransmitted at
   * 1077 (retrans_stamp) and then every doubled RTO up to 120 s; at 926055 ms 924978 ms have passed,
   * which reaches the limit: ETIMEDOUT there, after 13 retransmissions.
   */
  @Test
  void retransmitsTimedOut_rtoMaxPerRetryBeyondTheThreshold() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(269, h.synAck());
    h.atDo(270, () -> h.host.send(h.sk, 100));
    h.runUntilMs(2_000_000);
    assertThat(h.sentFrom(270).stream().filter(s -> s.seg().payloadLength() > 0).map(ScriptedServer.Sent::ms).toList())
        .containsExactly(270L, 1077L, 2691L, 5919L, 12375L, 25287L, 51111L, 102759L, 206055L, 326055L, 446055L,
            566055L, 686055L, 806055L);
    assertThat(h.app.events).containsExactly("269 connected", "926055 error ETIMEDOUT", "926055 closed");
  }
}
