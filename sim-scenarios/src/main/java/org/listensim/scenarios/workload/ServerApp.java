package org.listensim.scenarios.workload;

import java.util.List;

/**
 * The application on the listening socket.
 *
 * @param accept how it calls accept()
 * @param pauses windows in which it calls nothing (stop-the-world pauses)
 * @param replyBytes bytes it writes back once it has read a request (0: it never replies)
 * @param serverClosesFirst whether the server closes the connection after replying (else the client
 *     does, after reading the reply)
 */
public record ServerApp(AcceptPolicy accept, List<Pause> pauses, int replyBytes, boolean serverClosesFirst) {
  public ServerApp {
    pauses = List.copyOf(pauses);
  }

  /** How the application accepts. */
  public sealed interface AcceptPolicy {
    /** Never calls accept(). */
    record Never() implements AcceptPolicy {}

    /** One accept() every 1/rate seconds, from t = 0 (a non-blocking poll: EAGAIN does nothing). */
    record Rate(double perSecond) implements AcceptPolicy {}

    /**
     * {@code workers} threads blocked in accept(); each takes one connection, serves it for a time
     * drawn from {@code serviceNanos}, closes it and accepts again.
     */
    record Workers(int workers, Distribution serviceNanos) implements AcceptPolicy {}
  }

  /** From {@code start} for {@code lengthNanos} the application does nothing. */
  public record Pause(long start, long lengthNanos) {}
}
