package org.listensim.scenarios.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.RequestSock;
import org.listensim.kernel.ipv4.TcpSock;

/**
 * The admission checks of {@link InvariantChecker} can fail: a real listener is brought to the boundary
 * of a rule by real segments (the checker accepts what the kernel model does), then the checker is shown
 * a record a faulty model would emit there, and must reject it.
 */
class InvariantCheckerTest {
  private static final int SERVER = Ipv4.parse("10.0.0.1");
  private final InvariantChecker checker = new InvariantChecker();
  private boolean observing;
  private Simulator sim;
  private Host host;
  private TcpSock listener;
  private int nextPeer = 1;

  @BeforeEach
  void setUp() {
    sim = new Simulator(1, (t, r) -> {
      if (observing) {
        checker.record(t, r);
      }
    });
    host = new Host("server", KernelClock.atBoot(sim, 1000), new Sysctls(), seg -> {});
    host.setDefaultAddress(SERVER);
    host.pinHashRnd(0);
  }

  private void listen(int backlog) {
    listener = host.socket();
    host.bind(listener, 0, 80);
    assertThat(host.listen(listener, backlog)).isZero();
    checker.started(sim, host, listener);
    observing = true;
  }

  private int newPeer() {
    return Ipv4.parse("10.1.0." + nextPeer++);
  }

  private static TcpSegment syn(int peer) {
    return syn(peer, 1000);
  }

  private static TcpSegment syn(int peer, int seq) {
    return new TcpSegment(peer, 40000, SERVER, 80, seq, 0, TcpFlags.SYN, 5840, TcpOptions.mss(1460), 0);
  }

  private RequestSock request(int peer) {
    for (int i = 0; i < listener.listenOpt().nrTableEntries(); i++) {
      for (RequestSock r : listener.listenOpt().bucket(i)) {
        if (r.rmtAddr() == peer) {
          return r;
        }
      }
    }
    throw new AssertionError("no request from " + Ipv4.format(peer));
  }

  /** A real handshake from a new peer: its child joins the accept queue (or overflows). */
  private void connect() {
    int peer = newPeer();
    host.receive(syn(peer));
    RequestSock r = request(peer);
    host.receive(new TcpSegment(peer, 40000, SERVER, 80, r.rcvIsn() + 1, r.sntIsn() + 1, TcpFlags.ACK, 46,
        TcpOptions.NONE, 0));
  }

  /** A SYN as the checker sees it arrive, without giving it to the kernel model. */
  private String arrives(int peer) {
    checker.record(sim.now(), new KernelTrace.Segment("seg-in", "server", syn(peer)));
    return Ipv4.format(peer, 40000);
  }

  private KernelTrace.Listen decision(String type, String peer, String detail) {
    return new KernelTrace.Listen(type, "server", peer, detail, 0, 0, 0);
  }

  @Test
  void aSynAdmittedWhileTheAcceptQueueIsFullAndTwoRequestsAreYoungIsRejected() {
    listen(0);
    connect(); // sk_ack_backlog 1 > 0: the accept queue is full
    host.receive(syn(newPeer())); // young 0: admitted
    host.receive(syn(newPeer())); // young 1: admitted
    assertThat(listener.listenOpt().qlenYoung()).isEqualTo(2);
    host.receive(syn(newPeer())); // young 2: the model drops it, and the checker agrees
    assertThat(checker.coverage().synsAtYoungBoundary()).isEqualTo(1);

    String peer = arrives(newPeer());
    assertThatThrownBy(() -> checker.record(sim.now(), decision("req-add", peer, "bucket=0")))
        .hasMessageContaining("must be syn-drop accept-queue-full");
  }

  @Test
  void aSynDroppedForTheAcceptQueueWhileOneRequestIsYoungIsRejected() {
    listen(0);
    connect();
    host.receive(syn(newPeer()));
    assertThat(listener.listenOpt().qlenYoung()).isEqualTo(1);

    String peer = arrives(newPeer());
    assertThatThrownBy(() -> checker.record(sim.now(), decision("syn-drop", peer, "accept-queue-full")))
        .hasMessageContaining("must be req-add");
  }

  @Test
  void aSynDroppedForTheAcceptQueueWithSkAckBacklogEqualToTheBacklogIsRejected() {
    listen(1);
    connect(); // sk_ack_backlog 1, not > 1
    host.receive(syn(newPeer()));
    host.receive(syn(newPeer()));
    assertThat(listener.listenOpt().qlenYoung()).isEqualTo(2);

    String peer = arrives(newPeer());
    assertThat(checker.coverage().synsAtAcceptQueueBoundary()).isEqualTo(1);
    assertThatThrownBy(() -> checker.record(sim.now(), decision("syn-drop", peer, "accept-queue-full")))
        .hasMessageContaining("must be req-add");
  }

  @Test
  void anOverflowWhileTheAcceptQueueIsNotFullIsRejected() {
    listen(1);
    connect();
    connect(); // the second child fills the queue to backlog + 1: no overflow yet
    assertThat(host.mib().get(MibCounter.LISTEN_OVERFLOWS)).isZero();
    assertThat(checker.coverage().acksAtAcceptQueueBoundary()).isEqualTo(1);
    connect(); // the model overflows, and the checker agrees
    assertThat(checker.coverage().overflows()).isEqualTo(1);

    host.accept(listener);
    host.accept(listener); // sk_ack_backlog 0 again
    host.mib().inc(MibCounter.LISTEN_OVERFLOWS);
    host.mib().inc(MibCounter.LISTEN_DROPS);
    assertThatThrownBy(() -> checker.record(sim.now(), decision("ack-overflow", "10.1.0.9:40000", "acked")))
        .hasMessageContaining("ListenOverflows counted although the accept queue is not full");
  }

  @Test
  void aSweepThatHandlesARequestBeyondItsBudgetIsRejected() {
    listen(5); // 16 buckets: a sweep examines 2
    String outside = null;
    while (outside == null) {
      int peer = newPeer();
      host.receive(syn(peer));
      int bucket = org.listensim.kernel.Jhash.inetSynqHash(peer, 40000, 0, 16);
      if (bucket >= 2) {
        outside = Ipv4.format(peer, 40000);
      }
    }
    String p = outside;
    assertThatThrownBy(() -> checker.record(sim.now(), decision("req-rtx", p, "retrans=1")))
        .hasMessageContaining("examines 2 of 16 buckets");
  }

  /**
   * Found by the scripted-scenario property: a queued child that the peer resets leaves the established
   * table (tcp_done) but stays in the accept queue until accept() takes it, so the peer's next SYN finds
   * no socket and queues a request — the peer is then in both queues, as in 2.6.32, and the checker must
   * accept it.
   */
  @Test
  void aChildResetWhileQueuedStaysQueuedAndItsPeerMayQueueANewRequest() {
    listen(0);
    int peer = newPeer();
    host.receive(syn(peer));
    RequestSock r = request(peer);
    host.receive(new TcpSegment(peer, 40000, SERVER, 80, r.rcvIsn() + 1, r.sntIsn() + 1, TcpFlags.ACK, 46,
        TcpOptions.NONE, 0));
    host.receive(new TcpSegment(peer, 40000, SERVER, 80, r.rcvIsn() + 1, 0, TcpFlags.RST, 0, TcpOptions.NONE, 0));
    assertThat(listener.acceptQueue()).singleElement()
        .satisfies(c -> assertThat(c.state()).isEqualTo(org.listensim.kernel.ipv4.TcpState.CLOSE));
    host.receive(syn(peer, 50_000));
    assertThat(request(peer).rcvIsn()).isEqualTo(50_000);
  }

  @Test
  void theModelsOwnSweepsPassAndTheirClockHandIsChecked() {
    listen(5);
    for (int i = 0; i < 12; i++) {
      host.receive(syn(newPeer()));
    }
    sim.runUntil(5_000_000_000L);
    assertThat(checker.coverage().sweepsChecked()).isPositive();
  }
}
