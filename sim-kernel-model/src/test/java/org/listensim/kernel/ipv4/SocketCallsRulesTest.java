package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.TcpFlags;

/**
 * The system calls of the model with Linux's return values: listen() ({@code inet_listen}), send()
 * ({@code tcp_sendmsg}), close() in SYN_SENT ({@code tcp_close}), and the TCP_SYNCNT and
 * TCP_DEFER_ACCEPT options; with the errno numbers of Linux x86 and the state numbers of
 * /proc/net/tcp. The client and server are {@link ClientHarness}'s (5 ms each way): the client is
 * ESTABLISHED at 10 ms, the server's child at 15 ms.
 */
class SocketCallsRulesTest {

  /** inet_listen: only a CLOSE or LISTEN socket may listen; a connected one gets −EINVAL (22). */
  @Test
  void inetListen_onAConnectedSocketIsEinval() {
    ClientHarness h = new ClientHarness(5);
    TcpSock sk = h.connectAt(0, ClientHarness.CLIENT, null);
    int[] r = new int[2];
    h.at(1, () -> r[0] = h.client.listen(sk, 5));
    h.at(20, () -> r[1] = h.client.listen(sk, 5));
    h.sim.runUntil(20_000_000L);
    assertThat(r).containsExactly(-22, -22);
    assertThat(sk.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(sk.listenOpt()).isNull();
  }

  /**
   * tcp_sendmsg: before the handshake completes a non-blocking send gets −EAGAIN (11); once
   * ESTABLISHED the bytes are queued and sent; after the peer's RST the pending ECONNRESET (104) is
   * returned once and cleared, then −EPIPE (32).
   */
  @Test
  void tcpSendmsg_eagainThenBytesThenThePendingErrorOnceThenEpipe() {
    ClientHarness h = new ClientHarness(5);
    ClientHarness.App app = new ClientHarness.App(h.sim, 0);
    TcpSock sk = h.connectAt(0, ClientHarness.CLIENT, app);
    List<Integer> r = new ArrayList<>();
    h.at(1, () -> r.add(h.client.send(sk, 100)));
    h.at(20, () -> r.add(h.client.send(sk, 100)));
    // The server closes its listener with the (never accepted) child queued: RST|ACK at 30, here at 35.
    h.at(30, () -> h.server.close(h.listener));
    h.at(40, () -> {
      assertThat(sk.error()).isEqualTo(Errno.ECONNRESET);
      r.add(h.client.send(sk, 100));
      assertThat(sk.error()).isNull();
      r.add(h.client.send(sk, 100));
    });
    h.sim.runUntil(40_000_000L);
    assertThat(r).containsExactly(-11, 100, -104, -32);
    assertThat(app.error).isEqualTo(Errno.ECONNRESET);
    assertThat(app.errorMs).isEqualTo(35);
    assertThat(sk.writeSeq()).isEqualTo(0x10000001 + 100);
    assertThat(h.from("client").stream().filter(s -> s.seg().payloadLength() > 0).map(ClientHarness.Sent::ms))
        .containsExactly(20L);
  }

  /** In CLOSE_WAIT the application may still send; once it has closed the socket, −EPIPE. */
  @Test
  void tcpSendmsg_closeWaitStillSends_afterCloseEpipe() {
    ClientHarness h = new ClientHarness(5);
    TcpSock sk = h.connectAt(0, ClientHarness.CLIENT, null);
    TcpSock[] child = new TcpSock[1];
    h.at(20, () -> child[0] = h.server.accept(h.listener).child());
    h.at(30, () -> h.server.close(child[0]));
    List<Integer> r = new ArrayList<>();
    h.at(40, () -> {
      assertThat(sk.state()).isEqualTo(TcpState.CLOSE_WAIT);
      r.add(h.client.send(sk, 50));
      r.add(h.client.send(sk, 0));
      h.client.close(sk);
      r.add(h.client.send(sk, 50));
    });
    h.sim.runUntil(40_000_000L);
    assertThat(r).containsExactly(50, 0, -32);
    assertThat(sk.state()).isEqualTo(TcpState.LAST_ACK);
  }

  /**
   * tcp_close in SYN_SENT: straight to CLOSE, no FIN and no RST; the retransmit timer goes with the
   * socket, so the SYN sent at 0 and retransmitted at 3 s is never sent again. Not an AttemptFails.
   */
  @Test
  void tcpClose_inSynSentClosesAtOnceAndStopsTheSynRetransmissions() {
    ClientHarness h = new ClientHarness(5);
    h.drop = s -> s.flags() == TcpFlags.SYN;
    TcpSock sk = h.connectAt(0, ClientHarness.CLIENT, null);
    h.at(3500, () -> {
      assertThat(sk.state()).isEqualTo(TcpState.SYN_SENT);
      assertThat(sk.retransmits()).isEqualTo(1);
      h.client.close(sk);
      assertThat(sk.state()).isEqualTo(TcpState.CLOSE);
      assertThat(sk.xmitTimerPending()).isFalse();
    });
    h.sim.runUntil(30_000_000_000L);
    assertThat(h.from("client")).extracting(ClientHarness.Sent::ms).containsExactly(0L, 3000L);
    assertThat(h.client.findSocket(ClientHarness.CLIENT, sk.localPort(), ClientHarness.SERVER, 80)).isNull();
    assertThat(h.client.establishedCount()).isZero();
    assertThat(h.client.mib().get(MibCounter.ACTIVE_OPENS)).isEqualTo(1);
    assertThat(h.client.mib().get(MibCounter.ATTEMPT_FAILS)).isZero();
    assertThat(h.client.mib().get(MibCounter.OUT_RSTS)).isZero();
  }

  /** TCP_SYNCNT accepts 1 .. MAX_TCP_SYNCNT (127); 0 and 128 are −EINVAL and leave the value alone. */
  @Test
  void setSynCount_acceptsOneToOneHundredTwentySeven() {
    ListenHarness h = new ListenHarness();
    assertThat(h.host.setSynCount(h.listener, 0)).isEqualTo(-22);
    assertThat(h.host.setSynCount(h.listener, 1)).isZero();
    assertThat(h.host.setSynCount(h.listener, 127)).isZero();
    assertThat(h.host.setSynCount(h.listener, 128)).isEqualTo(-22);
    assertThat(h.listener.synRetries).isEqualTo(127);
  }

  /**
   * secs_to_retrans with TCP_TIMEOUT_INIT and TCP_RTO_MAX in seconds, whatever HZ: 3+6+…+96 = 189 s
   * for 6, then the timeout is capped at 120 s: 309 s for 7, 429 for 8, so 309 → 7, 310 → 8, 430 → 9.
   */
  @Test
  void setDeferAccept_theRtoMaxCapAppliesAtEveryHz() {
    for (int hz : KernelClock.SUPPORTED_HZ) {
      ListenHarness h = new ListenHarness(hz);
      h.listen(5);
      int[][] cases = {{189, 6}, {190, 7}, {309, 7}, {310, 8}, {429, 8}, {430, 9}};
      for (int[] c : cases) {
        h.host.setDeferAccept(h.listener, c[0]);
        assertThat(h.listener.deferAccept()).as("HZ %d, %d s", hz, c[0]).isEqualTo(c[1]);
      }
    }
  }

  /** The errno values returned, with the numbers of Linux x86 and the messages of glibc's strerror. */
  @Test
  void errno_numbersOfLinuxX86AndMessagesOfGlibc() {
    Object[][] table = {
      {Errno.EPIPE, 32, "Broken pipe"},
      {Errno.EAGAIN, 11, "Resource temporarily unavailable"},
      {Errno.ENOMEM, 12, "Cannot allocate memory"},
      {Errno.EINVAL, 22, "Invalid argument"},
      {Errno.EADDRINUSE, 98, "Address already in use"},
      {Errno.EADDRNOTAVAIL, 99, "Cannot assign requested address"},
      {Errno.ECONNRESET, 104, "Connection reset by peer"},
      {Errno.EISCONN, 106, "Transport endpoint is already connected"},
      {Errno.ETIMEDOUT, 110, "Connection timed out"},
      {Errno.ECONNREFUSED, 111, "Connection refused"},
      {Errno.EALREADY, 114, "Operation already in progress"},
      {Errno.EINPROGRESS, 115, "Operation now in progress"},
    };
    assertThat(table.length).isEqualTo(Errno.values().length);
    for (Object[] row : table) {
      Errno e = (Errno) row[0];
      assertThat(e.number()).as(e.name()).isEqualTo(row[1]);
      assertThat(e.message()).as(e.name()).isEqualTo(row[2]);
    }
  }

  /** include/net/tcp_states.h, as the st column of /proc/net/tcp prints it (01 … 0B). */
  @Test
  void tcpState_numbersOfTcpStatesH() {
    assertThat(TcpState.values()).extracting(TcpState::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(TcpState.values()).extracting(TcpState::name).containsExactly("ESTABLISHED", "SYN_SENT", "SYN_RECV",
        "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING");
  }
}
