package org.listensim.kernel;

/**
 * The kernel MIB counters the model moves, named as {@code /proc/net/snmp} ({@code Tcp:}) and
 * {@code /proc/net/netstat} ({@code TcpExt:}) print them, with the net-tools 1.60 {@code netstat -s}
 * wording. Each is incremented only where 2.6.32.9 increments it.
 */
public enum MibCounter {
  ACTIVE_OPENS("Tcp", "ActiveOpens", "%d active connections openings"),
  PASSIVE_OPENS("Tcp", "PassiveOpens", "%d passive connection openings"),
  ATTEMPT_FAILS("Tcp", "AttemptFails", "%d failed connection attempts"),
  ESTAB_RESETS("Tcp", "EstabResets", "%d connection resets received"),
  CURR_ESTAB("Tcp", "CurrEstab", "%d connections established"),
  IN_SEGS("Tcp", "InSegs", "%d segments received"),
  OUT_SEGS("Tcp", "OutSegs", "%d segments send out"),
  RETRANS_SEGS("Tcp", "RetransSegs", "%d segments retransmited"),
  IN_ERRS("Tcp", "InErrs", "%d bad segments received."),
  OUT_RSTS("Tcp", "OutRsts", "%d resets sent"),
  SYNCOOKIES_SENT("TcpExt", "SyncookiesSent", "%d SYN cookies sent"),
  SYNCOOKIES_RECV("TcpExt", "SyncookiesRecv", "%d SYN cookies received"),
  SYNCOOKIES_FAILED("TcpExt", "SyncookiesFailed", "%d invalid SYN cookies received"),
  EMBRYONIC_RSTS("TcpExt", "EmbryonicRsts", "%d resets received for embryonic SYN_RECV sockets"),
  PAWS_ESTAB("TcpExt", "PAWSEstab", "%d packets rejects in established connections because of timestamp"),
  LISTEN_OVERFLOWS("TcpExt", "ListenOverflows", "%d times the listen queue of a socket overflowed"),
  LISTEN_DROPS("TcpExt", "ListenDrops", "%d SYNs to LISTEN sockets ignored"),
  TCP_TIMEOUTS("TcpExt", "TCPTimeouts", "%d other TCP timeouts"),
  PAWS_ACTIVE_REJECTED("TcpExt", "PAWSActive", "%d active connections rejected because of time stamp"),
  TCP_ABORT_ON_DATA("TcpExt", "TCPAbortOnData", "%d connections reset due to unexpected data"),
  TCP_ABORT_ON_SYN("TcpExt", "TCPAbortOnSyn", "%d connections reset due to unexpected SYN"),
  TIME_WAITED("TcpExt", "TW", "%d TCP sockets finished time wait in fast timer"),
  TIME_WAIT_RECYCLED("TcpExt", "TWRecycled", "%d time wait sockets recycled by time stamp");

  private final String line;
  private final String kernelName;
  private final String netstatFormat;

  MibCounter(String line, String kernelName, String netstatFormat) {
    this.line = line;
    this.kernelName = kernelName;
    this.netstatFormat = netstatFormat;
  }

  /** {@code Tcp} (/proc/net/snmp) or {@code TcpExt} (/proc/net/netstat). */
  public String line() {
    return line;
  }

  /** The name the kernel prints, e.g. {@code ListenOverflows}. */
  public String kernelName() {
    return kernelName;
  }

  /** The {@code netstat -s} line for a value. */
  public String netstatLine(long value) {
    return String.format(netstatFormat, value);
  }

  /** The counter with that kernel name, or null. */
  public static MibCounter byKernelName(String name) {
    for (MibCounter c : values()) {
      if (c.kernelName.equals(name)) {
        return c;
      }
    }
    return null;
  }
}
