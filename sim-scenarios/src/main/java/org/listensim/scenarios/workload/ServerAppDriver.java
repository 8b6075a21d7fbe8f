package org.listensim.scenarios.workload;

import java.util.function.LongSupplier;
import org.listensim.core.Timer;
import org.listensim.kernel.ipv4.Errno;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.SockCallbacks;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.kernel.ipv4.TcpState;

/**
 * The application on the listening socket. It reads every request as it arrives; once it has read a
 * request (or, for workers, at the end of the service time) it writes {@code replyBytes}; with {@code
 * serverClosesFirst} it then closes, otherwise it closes when the client's FIN arrives. In a pause
 * nothing it would do happens; what fell into the pause happens at its end. A child's user data holds
 * its application state (0 queued, 1 accepted, 2 replied, 3 closed).
 */
final class ServerAppDriver implements SockCallbacks {
  private static final long QUEUED = 0;
  private static final long ACCEPTED = 1;
  private static final long REPLIED = 2;
  private static final long CLOSED = 3;

  final ServerApp app;
  private final Testbed bed;
  private final Host server;
  private final TcpSock listener;
  private boolean stopped;
  private int idleWorkers;
  private LongSupplier service;
  private Timer rateTimer;
  private boolean retryPending;

  ServerAppDriver(Testbed bed, ServerApp app) {
    this.bed = bed;
    this.app = app;
    this.server = bed.server;
    this.listener = bed.listener;
  }

  void start() {
    listener.setCallbacks(this);
    ServerApp.AcceptPolicy policy = app.accept();
    if (policy instanceof ServerApp.AcceptPolicy.Rate r) {
        listener.onDataReady(null);
        long interval = Math.max(1, Math.round(1e9 / r.perSecond()));
        rateTimer = bed.sim.newTimer(() -> {
          if (stopped) {
            return;
          }
          if (pausedUntil(bed.sim.now()) < 0) {
            acceptOne();
          }
          rateTimer.armAt(bed.sim.now() + interval);
        });
        rateTimer.armAt(bed.sim.now());
    } else if (policy instanceof ServerApp.AcceptPolicy.Workers w) {
        idleWorkers = w.workers();
        service = DistributionSampler.of(w.serviceNanos(), bed.sim.random().math3("server/service"));
        listener.onDataReady(this::workersAccept);
        workersAccept();
    } else {
      listener.onDataReady(null);
    }
  }

  void stop() {
    stopped = true;
    if (rateTimer != null) {
      rateTimer.cancel();
    }
  }

  /** The end of the pause covering {@code t}, or −1 when the application is running at t. */
  private long pausedUntil(long t) {
    for (ServerApp.Pause p : app.pauses()) {
      if (t >= p.start() && t < p.start() + p.lengthNanos()) {
        return p.start() + p.lengthNanos();
      }
    }
    return -1;
  }

  /** Runs {@code r} now, or at the end of the pause covering now. */
  private void whenRunning(Runnable r) {
    long until = pausedUntil(bed.sim.now());
    if (until < 0) {
      r.run();
    } else {
      bed.sim.scheduleAt(until, () -> whenRunning(r));
    }
  }

  private TcpSock acceptOne() {
    Host.AcceptResult r = server.accept(listener);
    if (r.child() == null) {
      return null;
    }
    TcpSock child = r.child();
    child.setUserData(ACCEPTED);
    bed.onAccepted(child);
    return child;
  }

  private void workersAccept() {
    if (stopped) {
      return;
    }
    if (pausedUntil(bed.sim.now()) >= 0) {
      if (!retryPending) {
        retryPending = true;
        bed.sim.scheduleAt(pausedUntil(bed.sim.now()), () -> {
          retryPending = false;
          workersAccept();
        });
      }
      return;
    }
    while (idleWorkers > 0) {
      TcpSock child = acceptOne();
      if (child == null) {
        return;
      }
      idleWorkers--;
      bed.sim.schedule(service.getAsLong(), () -> whenRunning(() -> {
        if (child.userData() == ACCEPTED) {
          reply(child);
        }
        idleWorkers++;
        workersAccept();
      }));
    }
  }

  private void reply(TcpSock child) {
    if (child.state() != TcpState.ESTABLISHED && child.state() != TcpState.CLOSE_WAIT) {
      return;
    }
    child.setUserData(REPLIED);
    if (app.replyBytes() > 0) {
      server.send(child, app.replyBytes());
    }
    if (app.serverClosesFirst() || child.state() == TcpState.CLOSE_WAIT) {
      child.setUserData(CLOSED);
      server.close(child);
    }
  }

  /** A non-worker application replies once the request has been read and the child accepted. */
  private void maybeReply(TcpSock child) {
    if (!(app.accept() instanceof ServerApp.AcceptPolicy.Workers) && child.userData() == ACCEPTED
        && child.bytesReceived() > 0) {
      whenRunning(() -> {
        if (child.userData() == ACCEPTED) {
          reply(child);
        }
      });
    }
  }

  // ---- children's callbacks (children inherit the listener's) -----------------------------------------

  @Override
  public void readable(TcpSock sk, int bytes) {
    maybeReply(sk);
  }

  @Override
  public void peerClosed(TcpSock sk) {
    long st = sk.userData();
    if (st == REPLIED || (st == ACCEPTED && app.replyBytes() == 0 && !(app.accept() instanceof ServerApp.AcceptPolicy.Workers))) {
      whenRunning(() -> {
        if (sk.userData() != CLOSED) {
          sk.setUserData(CLOSED);
          server.close(sk);
        }
      });
    }
  }

  @Override
  public void error(TcpSock sk, Errno err) {
    sk.setUserData(CLOSED);
  }
}
