package org.listensim.kernel.ipv4;

/**
 * What a socket tells its application, so a workload driver can react without polling. One object may
 * serve many sockets: every call names the socket. Calls happen inside the kernel's processing of a
 * segment or timer, after the state change they report.
 */
public interface SockCallbacks {
  /** The handshake completed: connect() returns 0 (the socket is ESTABLISHED). */
  default void connected(TcpSock sk) {}

  /**
   * The socket failed with a pending error (ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT): connect(),
   * read() or write() would return it. The socket is in CLOSE.
   */
  default void error(TcpSock sk, Errno err) {}

  /** {@code bytes} new in-order bytes arrived (the model's application reads them at once). */
  default void readable(TcpSock sk, int bytes) {}

  /** The peer's FIN arrived: read() returns 0 from now on. */
  default void peerClosed(TcpSock sk) {}

  /** The socket left the tables for good (after LAST_ACK, FIN_WAIT2 or TIME_WAIT, or an abort). */
  default void closed(TcpSock sk) {}
}
