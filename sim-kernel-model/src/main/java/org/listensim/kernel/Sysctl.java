package org.listensim.kernel;

/**
 * The sysctls the model reads, named as in {@code /proc/sys}, with Linux 2.6.32.9 defaults.
 *
 * <p>2.6.32 writes all of these with {@code proc_dointvec}: any C {@code int} is accepted and odd
 * values have real effects (a negative somaxconn disables the listen() clamp, tcp_synack_retries ≥ 256
 * wraps the 8-bit retransmission counter). The model accepts exactly the values of a C int.
 */
public enum Sysctl {
  SOMAXCONN("net.core.somaxconn", 128, "cap on the listen() backlog (net/socket.c: sys_listen)"),
  TCP_MAX_SYN_BACKLOG(
      "net.ipv4.tcp_max_syn_backlog",
      1024,
      "cap on the SYN-table size, and the last-quarter rule without syncookies; 1024 is what"
          + " tcp_init sets on any machine with more than ~64 MiB of low memory"),
  TCP_SYNACK_RETRIES("net.ipv4.tcp_synack_retries", 5, "timer SYN-ACK retransmissions before a request expires"),
  TCP_SYN_RETRIES("net.ipv4.tcp_syn_retries", 5, "SYN retransmissions of an active open"),
  TCP_SYNCOOKIES("net.ipv4.tcp_syncookies", 0, "non-zero: answer SYNs with a cookie when the SYN table is full"),
  TCP_ABORT_ON_OVERFLOW(
      "net.ipv4.tcp_abort_on_overflow", 0, "non-zero: reset a connection whose ACK finds the accept queue full"),
  TCP_TIMESTAMPS("net.ipv4.tcp_timestamps", 1, "use RFC 1323 timestamps"),
  TCP_WINDOW_SCALING("net.ipv4.tcp_window_scaling", 1, "use RFC 1323 window scaling"),
  TCP_SACK("net.ipv4.tcp_sack", 1, "offer and accept selective acknowledgements"),
  TCP_RETRIES2("net.ipv4.tcp_retries2", 15, "data retransmissions before an established connection times out");

  private final String key;
  private final int defaultValue;
  private final String description;

  Sysctl(String key, int defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The name under /proc/sys with dots, e.g. {@code net.core.somaxconn}. */
  public String key() {
    return key;
  }

  public int defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The sysctl of that name, or null. */
  public static Sysctl byKey(String key) {
    for (Sysctl s : values()) {
      if (s.key.equals(key)) {
        return s;
      }
    }
    return null;
  }
}
