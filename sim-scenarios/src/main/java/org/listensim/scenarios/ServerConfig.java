package org.listensim.scenarios;

/**
 * The listening socket of the server: its address and port, the {@code listen()} backlog (any C int,
 * as the kernel takes it: a negative or too-large value becomes somaxconn) and, optionally, {@code
 * TCP_DEFER_ACCEPT} in seconds (0: not set).
 */
public record ServerConfig(int address, int port, int backlog, int deferAcceptSeconds) {
  public ServerConfig {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    if (deferAcceptSeconds < 0) {
      throw new IllegalArgumentException("defer-accept must be >= 0 s: " + deferAcceptSeconds);
    }
  }
}
