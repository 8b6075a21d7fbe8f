package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpSegment;

/**
 * Spec B.6 with timestamps, through a real server-side TIME_WAIT: the server closes first, the client
 * reconnects from the same port. The TIME_WAIT socket sees a newer timestamp, dies, and hands the SYN to
 * the listener with ISN = tw_snd_nxt + 65537 (tcp_timewait_state_process), which tcp_v4_conn_request
 * uses instead of a fresh ISN.
 *
 * <p>By hand: the server's ISN is pinned at 0x50000000; after its FIN, snd_nxt = 0x50000002, so the new
 * SYN-ACK carries seq 0x50000002 + 65537 = 0x50010003 (a fresh ISN would be 0x50000000 again).
 */
class TimeWaitSynTest {

  @Test
  void tcpTimewaitStateProcess_newerSynReopensThePairWithTheTimeWaitIsn() {
    ClientHarness h = new ClientHarness(5);
    ClientHarness.Closed c = h.connectThenClose(false);
    assertThat(c.child().state()).isEqualTo(TcpState.TIME_WAIT);
    int port = c.client().localPort();

    TcpSock second = h.client.socket();
    h.client.bind(second, ClientHarness.CLIENT, port);
    h.at(1000, () -> h.client.connect(second, ClientHarness.SERVER, 80));
    h.sim.runUntil(2_000_000_000L);

    TcpSegment synAck = h.from("server").stream().map(ClientHarness.Sent::seg)
        .filter(s -> s.has(TcpFlags.SYN) && s.has(TcpFlags.ACK)).reduce((x, y) -> y).orElseThrow();
    assertThat(synAck.seq()).isEqualTo(0x50000002 + 65537);
    assertThat(h.server.mib().get(SimCounter.SYN_FOR_TIME_WAIT)).isEqualTo(1);
    assertThat(second.state()).isEqualTo(TcpState.ESTABLISHED);
  }
}
