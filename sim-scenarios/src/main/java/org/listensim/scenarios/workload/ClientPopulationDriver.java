package org.listensim.scenarios.workload;

import java.util.function.LongSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.listensim.core.Timer;
import org.listensim.kernel.ipv4.Errno;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.SockCallbacks;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.kernel.ipv4.TcpState;

/**
 * Runs one client population: open-loop attempts (constant, Poisson, bursts) or closed-loop clients.
 * Each attempt is a socket bound to the next address of the pool (cycling), connecting to the server,
 * writing {@code requestBytes} as soon as it is connected. It reads the reply (the server application's
 * {@code replyBytes}) and then closes, unless the server closes first, in which case it closes on the
 * server's FIN. An attempt's first-SYN time lives in the socket's user data (−1 once it has an outcome),
 * so an attempt costs no memory beyond its socket.
 */
final class ClientPopulationDriver implements SockCallbacks {
  private final Testbed bed;
  private final ClientPopulation pop;
  private final Host host;
  private final int index;
  private final UniformRandomProvider arrivals;
  private long nextAddress;
  /**
   * The next attempt's socket, allocated one attempt ahead. A new object lies in memory that no cache
   * has held since the last collection, and a connect() on it right away stalled on every line of it
   * (7 % of the 10k conn/s workload); by the next attempt its lines are in. Only this driver creates
   * sockets on its host, so every socket keeps the id it would have had.
   */
  private TcpSock spare;

  ClientPopulationDriver(Testbed bed, ClientPopulation pop, Host host, int index) {
    this.bed = bed;
    this.pop = pop;
    this.host = host;
    this.index = index;
    this.arrivals = bed.sim.random().stream("clients/" + pop.name() + "/arrivals");
  }

  void start() {
    Arrival a = pop.arrival();
    if (a instanceof Arrival.Constant c) {
        long[] left = {c.count()};
        if (left[0] <= 0) {
          return;
        }
        Timer[] t = new Timer[1];
        t[0] = bed.sim.newTimer(() -> {
          attempt(this);
          if (--left[0] > 0) {
            t[0].armAt(bed.sim.now() + c.intervalNanos());
          }
        });
        t[0].armAt(c.start());
    } else if (a instanceof Arrival.Poisson p) {
        double meanNs = 1e9 / p.ratePerSecond();
        Timer[] t = new Timer[1];
        t[0] = bed.sim.newTimer(() -> {
          attempt(this);
          long next = bed.sim.now() + gap(meanNs);
          if (next < p.stop()) {
            t[0].armAt(next);
          }
        });
        long first = p.start() + gap(meanNs);
        if (first < p.stop()) {
          t[0].armAt(first);
        }
    } else if (a instanceof Arrival.Bursts b) {
        for (long time : b.times()) {
          bed.sim.scheduleAt(time, () -> {
            for (long i = 0; i < b.perBurst(); i++) {
              attempt(this);
            }
          });
        }
    } else if (a instanceof Arrival.ClosedLoop cl) {
        LongSupplier think = DistributionSampler.of(cl.thinkNanos(),
            bed.sim.random().math3("clients/" + pop.name() + "/think"));
        for (int i = 0; i < cl.clients(); i++) {
          ClosedLoopClient c = new ClosedLoopClient(cl.stop(), think);
          bed.sim.scheduleAt(cl.start(), () -> attempt(c));
        }
    }
  }

  private long gap(double meanNs) {
    return Math.max(1, Math.round(-Math.log(1.0 - arrivals.nextDouble()) * meanNs));
  }

  /** One connection attempt whose socket reports to {@code cb}. */
  void attempt(SockCallbacks cb) {
    TcpSock sk = spare != null ? spare : host.socket();
    spare = host.socket();
    int addr = pop.from().address(nextAddress);
    nextAddress = (nextAddress + 1) % pop.from().size();
    host.bind(sk, addr, 0);
    sk.setCallbacks(cb);
    sk.setUserData(bed.sim.now());
    if (host.connect(sk, bed.serverAddress(), bed.listener.localPort()) < 0) {
      bed.outcomes.localError(index);
      sk.setUserData(-1);
      if (cb instanceof ClosedLoopClient c) {
        c.next();
      }
      return;
    }
    bed.outcomes.attempt(index);
  }

  private void decide(TcpSock sk, Outcome o) {
    if (sk.userData() >= 0) {
      sk.setUserData(-1);
      bed.outcomes.record(index, o);
    }
  }

  void onAccepted(TcpSock child) {
    TcpSock sk = host.findSocket(child.remoteAddress(), child.remotePort(), child.localAddress(), child.localPort());
    if (sk != null && sk.iss() == child.irs() && sk.userData() >= 0) {
      long start = sk.userData();
      sk.setUserData(-1);
      bed.outcomes.accepted(index, bed.sim.now() - start, child.remoteAddress(), child.remotePort());
    }
  }

  // ---- the client application ------------------------------------------------------------------------

  @Override
  public void connected(TcpSock sk) {
    if (sk.userData() >= 0) {
      bed.outcomes.connected(bed.sim.now() - sk.userData());
    }
    if (pop.requestBytes() > 0) {
      host.send(sk, pop.requestBytes());
    }
  }

  @Override
  public void error(TcpSock sk, Errno err) {
    switch (err) {
      case ECONNREFUSED -> decide(sk, Outcome.REFUSED);
      case ETIMEDOUT -> decide(sk, Outcome.TIMED_OUT);
      default -> decide(sk, Outcome.RESET);
    }
  }

  @Override
  public void readable(TcpSock sk, int bytes) {
    int reply = bed.serverApp().replyBytes();
    if (reply > 0 && sk.bytesReceived() >= reply && !bed.serverApp().serverClosesFirst()
        && sk.state() == TcpState.ESTABLISHED) {
      host.close(sk);
      replied(sk);
    }
  }

  @Override
  public void peerClosed(TcpSock sk) {
    host.close(sk);
    replied(sk);
  }

  /** The exchange is over for this socket (hook for closed-loop clients). */
  void replied(TcpSock sk) {}

  /** A closed-loop client: connect, request, wait for the reply, think, repeat until stop. */
  final class ClosedLoopClient implements SockCallbacks {
    private final long stop;
    private final LongSupplier think;

    ClosedLoopClient(long stop, LongSupplier think) {
      this.stop = stop;
      this.think = think;
    }

    void next() {
      long at = bed.sim.now() + think.getAsLong();
      if (at < stop) {
        bed.sim.scheduleAt(at, () -> attempt(this));
      }
    }

    @Override
    public void connected(TcpSock sk) {
      ClientPopulationDriver.this.connected(sk);
    }

    @Override
    public void error(TcpSock sk, Errno err) {
      ClientPopulationDriver.this.error(sk, err);
      next();
    }

    @Override
    public void readable(TcpSock sk, int bytes) {
      int reply = bed.serverApp().replyBytes();
      if (reply > 0 && sk.bytesReceived() >= reply && sk.state() == TcpState.ESTABLISHED) {
        if (!bed.serverApp().serverClosesFirst()) {
          host.close(sk);
        }
        next();
      }
    }

    @Override
    public void peerClosed(TcpSock sk) {
      host.close(sk);
      if (bed.serverApp().replyBytes() == 0) {
        next();
      }
    }
  }
}
