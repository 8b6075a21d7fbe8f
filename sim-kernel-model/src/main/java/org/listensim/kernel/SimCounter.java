package org.listensim.kernel;

/**
 * What the simulator itself observed and the kernel does not count: why each silent drop happened.
 * Printed with a {@code sim.} prefix so no one mistakes them for kernel MIB counters.
 */
public enum SimCounter {
  SYN_DROP_SYN_QUEUE_FULL("SynDropSynQueueFull", "SYN dropped: SYN table full and syncookies off"),
  SYN_DROP_ACCEPT_QUEUE_FULL("SynDropAcceptQueueFull", "SYN dropped: accept queue full and more than one young request"),
  SYN_DROP_LAST_QUARTER("SynDropLastQuarter", "SYN dropped: last quarter of tcp_max_syn_backlog reserved (syncookies off)"),
  SYN_DROP_BROADCAST("SynDropBroadcast", "SYN dropped: sent to a broadcast or multicast address"),
  SYN_NO_LISTENER("SynNoListener", "SYN answered with RST: no socket listens on the port"),
  SYN_COOKIE_SENT("SynCookieSent", "SYN answered with a cookie (no state kept)"),
  SYN_REQUEST_QUEUED("SynRequestQueued", "SYN created a request in the SYN table"),
  SYN_FOR_PENDING_REQUEST("SynForPendingRequest", "SYN matched a pending request (tcp_check_req decides)"),
  SYN_FOR_ESTABLISHED("SynForEstablished", "SYN reached a socket in the established table"),
  SYN_FOR_TIME_WAIT("SynForTimeWait", "SYN accepted by a TIME_WAIT socket and handed to the listener with its ISN"),
  REQUEST_EXPIRED("RequestExpired", "request expired by the listener timer after its last SYN-ACK"),
  REQUEST_RESET("RequestReset", "request removed by an embryonic reset"),
  REQUEST_TO_CHILD("RequestToChild", "request became a child in the accept queue"),
  COOKIE_TO_CHILD("CookieToChild", "valid cookie ACK became a child in the accept queue"),
  REQUEST_FREED_AT_CLOSE("RequestFreedAtClose", "request freed when the listener closed"),
  ACK_DEFERRED("AckDeferred", "bare ACK swallowed by TCP_DEFER_ACCEPT"),
  ACK_OVERFLOW_DROPPED("AckOverflowDropped", "third ACK dropped: accept queue full, request left acked"),
  SEGMENT_TO_UNKNOWN_ADDRESS("SegmentToUnknownAddress", "segment sent to an address no host owns (vanished)"),
  SEGMENT_LOST("SegmentLost", "segment lost by the network model");

  private final String name;
  private final String description;

  SimCounter(String name, String description) {
    this.name = name;
    this.description = description;
  }

  /** The printed name, with its {@code sim.} prefix. */
  public String printedName() {
    return "sim." + name;
  }

  public String description() {
    return description;
  }
}
