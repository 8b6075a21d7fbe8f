package org.listensim.kernel.ipv4;

import org.listensim.kernel.Ipv4;

/**
 * A connection request in the SYN table ({@code struct request_sock} with its {@code inet_request_sock}
 * and {@code tcp_request_sock} parts). Chained in its bucket through {@code dlNext}, newest first, and
 * through the same link in the accept FIFO once it points at a child.
 */
public final class RequestSock {
  final long id;
  final int rmtAddr;
  final int rmtPort;
  final int locAddr;
  final int locPort;
  int rcvIsn;
  int sntIsn;
  int mss;
  int rcvWnd;
  int windowClamp;
  int tsRecent;
  /** {@code retrans}: a u8 in the kernel, kept in 0..255 here. */
  int retrans;
  long expires;
  int sndWscale;
  int rcvWscale;
  boolean tstampOk;
  boolean sackOk;
  boolean wscaleOk;
  boolean ecnOk;
  boolean acked;
  boolean cookieTs;
  RequestSock dlNext;
  TcpSock sk;

  RequestSock(long id, int rmtAddr, int rmtPort, int locAddr, int locPort) {
    this.id = id;
    this.rmtAddr = rmtAddr;
    this.rmtPort = rmtPort;
    this.locAddr = locAddr;
    this.locPort = locPort;
  }

  public long id() {
    return id;
  }

  public int rmtAddr() {
    return rmtAddr;
  }

  public int rmtPort() {
    return rmtPort;
  }

  public String peer() {
    return Ipv4.format(rmtAddr, rmtPort);
  }

  public int rcvIsn() {
    return rcvIsn;
  }

  public int sntIsn() {
    return sntIsn;
  }

  public int mss() {
    return mss;
  }

  public int retrans() {
    return retrans;
  }

  public long expires() {
    return expires;
  }

  public boolean acked() {
    return acked;
  }

  public int tsRecent() {
    return tsRecent;
  }

  public int rcvWnd() {
    return rcvWnd;
  }
}
