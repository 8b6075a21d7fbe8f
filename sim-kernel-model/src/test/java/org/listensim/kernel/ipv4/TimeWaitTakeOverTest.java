package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpSegment;

/**
 * Active-open spec B.5 (§1.3, §5.4): the client closed first, with timestamps, and its TIME_WAIT socket
 * holds the 4-tuple; a new socket bound to the same port connects to the same server. {@code
 * tcp_twsk_unique} lets it take the 4-tuple over: ISS = tw_snd_nxt + 65537 instead of a secure ISN,
 * ts_recent inherited, so the SYN echoes the server's last TSval and its window is computed with mss − 12
 * (5792, not 5840); the TIME_WAIT socket dies at once and TWRecycled counts it.
 *
 * <p>By hand: the client's ISN is pinned at 0x10000000; after its SYN and FIN, tw_snd_nxt = 0x10000002,
 * so the new SYN carries seq 0x10000002 + 65537 = 0x10010003.
 */
class TimeWaitTakeOverTest {

  @Test
  void tcpTwskUnique_boundConnectTakesOverATimeWaitWithTimestamps() {
    ClientHarness h = new ClientHarness(5);
    TcpSock first = h.connectThenClose(true).client();
    assertThat(first.state()).isEqualTo(TcpState.TIME_WAIT);
    int port = first.localPort();
    TcpSegment serverLast = h.from("server").get(h.from("server").size() - 1).seg();
    assertThat(serverLast.has(TcpFlags.FIN)).isTrue();

    TcpSock second = h.client.socket();
    h.client.bind(second, ClientHarness.CLIENT, port);
    int[] r = {-1};
    h.at(1000, () -> r[0] = h.client.connect(second, ClientHarness.SERVER, 80));
    h.sim.runUntil(1_000_000_000L);

    assertThat(r[0]).isZero();
    TcpSegment syn = h.from("client").get(h.from("client").size() - 1).seg();
    assertThat(syn.flags()).isEqualTo(TcpFlags.SYN);
    assertThat(syn.sport()).isEqualTo(port);
    assertThat(syn.seq()).isEqualTo(0x10000002 + 65537);
    assertThat(syn.options().tsecr()).isEqualTo(serverLast.options().tsval()).isNotZero();
    assertThat(syn.window()).isEqualTo(5792);
    assertThat(first.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.client.mib().get(MibCounter.TIME_WAIT_RECYCLED)).isEqualTo(1);
    assertThat(h.client.mib().get(MibCounter.TIME_WAITED)).isZero();
    assertThat(h.client.findSocket(ClientHarness.CLIENT, port, ClientHarness.SERVER, 80)).isSameAs(second);

    h.sim.runUntil(1_010_000_000L);
    assertThat(second.state()).isEqualTo(TcpState.ESTABLISHED);
  }
}
