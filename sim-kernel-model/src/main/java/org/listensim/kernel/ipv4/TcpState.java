package org.listensim.kernel.ipv4;

/** TCP socket states with the numbers of {@code include/net/tcp_states.h} (as /proc/net/tcp prints them). */
public enum TcpState {
  ESTABLISHED(1),
  SYN_SENT(2),
  SYN_RECV(3),
  FIN_WAIT1(4),
  FIN_WAIT2(5),
  TIME_WAIT(6),
  CLOSE(7),
  CLOSE_WAIT(8),
  LAST_ACK(9),
  LISTEN(10),
  CLOSING(11);

  private final int number;

  TcpState(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }
}
