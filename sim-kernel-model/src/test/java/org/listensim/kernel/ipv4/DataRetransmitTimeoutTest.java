package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.TcpSegment;

/**
 * The end of Appendix B.3 of the active-open spec: the server vanishes after the handshake (every data
 * segment from the client is lost), so the client retransmits its 100 bytes with RTO 210 ms doubling to
 * TCP_RTO_MAX and gives up by tcp_retries2 = 15.
 *
 * <p>By hand: ESTABLISHED at 10 ms (5 ms each way; RTT sample 10 ms gives RTO 210). The data goes at 10,
 * then at each expiry: 220, 640, 1480, 3160, 6520, 13240, 26680, 53560, 107320 (RTO 210·2^k), 214840
 * (capped at 120 s from here), 334840, 454840, 574840, 694840, 814840 — the 15th retransmission.
 * retrans_stamp is the time of the first retransmission, 220, and retransmits_timed_out(15) needs
 * 1023·200 + 6·120000 = 924600 ms since then, reached at the next expiry, 934840 ms: ETIMEDOUT.
 */
class DataRetransmitTimeoutTest {

  @Test
  void tcpWriteTimeout_dataGivesUpAfterTcpRetries2() {
    ClientHarness h = new ClientHarness(5);
    ClientHarness.App a = new ClientHarness.App(h.sim, 100);
    h.drop = s -> s.saddr() == ClientHarness.CLIENT && s.payloadLength() > 0;
    TcpSock sk = h.connectAt(0, ClientHarness.CLIENT, a);
    h.sim.runUntil(1_000_000_000_000L);
    assertThat(a.connectedMs).isEqualTo(10);
    assertThat(h.times("client", ClientHarness.SERVER, (TcpSegment s) -> s.payloadLength() > 0)).containsExactly(
        10L, 220L, 640L, 1480L, 3160L, 6520L, 13240L, 26680L, 53560L, 107320L, 214840L, 334840L, 454840L,
        574840L, 694840L, 814840L);
    assertThat(a.error).isEqualTo(Errno.ETIMEDOUT);
    assertThat(a.errorMs).isEqualTo(934840);
    assertThat(sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.client.mib().get(MibCounter.RETRANS_SEGS)).isEqualTo(15);
  }
}
