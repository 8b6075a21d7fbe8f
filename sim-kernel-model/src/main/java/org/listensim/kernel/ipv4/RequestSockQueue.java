package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelSource;

/**
 * A listener's {@code icsk_accept_queue} ({@code struct request_sock_queue}): the accept FIFO of
 * (request, child) pairs, the SYN table and the TCP_DEFER_ACCEPT count. Operations are those of
 * include/net/request_sock.h.
 */
public final class RequestSockQueue {
  /**
   * Largest SYN table the simulator allocates. The kernel's limit is what vmalloc can give; a table
   * of 2^24 pointers (128 MiB) is beyond any listen() a 2.6.32 server made, and refusing it keeps the
   * simulator's memory bounded.
   */
  public static final long MAX_TABLE_ENTRIES = 1L << 24;

  RequestSock acceptHead;
  RequestSock acceptTail;
  /** {@code rskq_defer_accept}: a u8 retransmission count. */
  int deferAccept;
  ListenSock listenOpt;

  /**
   * {@code reqsk_queue_alloc}: sizes the SYN table for a backlog, as unsigned 32-bit arithmetic.
   *
   * @return false when the table would exceed {@link #MAX_TABLE_ENTRIES} (listen() then fails with
   *     ENOMEM, as the kernel's allocation would)
   */
  @KernelSource(file = "net/core/request_sock.c", function = "reqsk_queue_alloc")
  boolean reqskQueueAlloc(int backlog, int maxSynBacklog, int hashRnd) {
    long n = Integer.toUnsignedLong(backlog);
    n = Math.min(n, Integer.toUnsignedLong(maxSynBacklog));
    n = Math.max(n, 8);
    long entries = roundupPowOfTwo(n + 1);
    if (entries > MAX_TABLE_ENTRIES) {
      return false;
    }
    int maxQlenLog = 3;
    while ((1L << maxQlenLog) < entries) {
      maxQlenLog++;
    }
    listenOpt = new ListenSock((int) entries, maxQlenLog, hashRnd);
    acceptHead = null;
    acceptTail = null;
    return true;
  }

  static long roundupPowOfTwo(long n) {
    return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
  }

  /** {@code reqsk_queue_is_full}: {@code qlen >> max_qlen_log} is non-zero. */
  @KernelSource(file = "include/net/request_sock.h", function = "reqsk_queue_is_full")
  boolean isFull() {
    return (listenOpt.qlen >> listenOpt.maxQlenLog) != 0;
  }

  /** {@code reqsk_queue_len}. */
  int len() {
    return listenOpt == null ? 0 : listenOpt.qlen;
  }

  /** {@code reqsk_queue_len_young}. */
  int young() {
    return listenOpt.qlenYoung;
  }

  /** {@code reqsk_queue_added}: returns qlen before the addition. */
  @KernelSource(file = "include/net/request_sock.h", function = "reqsk_queue_added")
  int added() {
    int prev = listenOpt.qlen;
    listenOpt.qlenYoung++;
    listenOpt.qlen++;
    return prev;
  }

  /** {@code reqsk_queue_removed}: returns qlen after the removal. */
  @KernelSource(file = "include/net/request_sock.h", function = "reqsk_queue_removed")
  int removed(RequestSock req) {
    if (req.retrans == 0) {
      listenOpt.qlenYoung--;
    }
    return --listenOpt.qlen;
  }

  /** {@code reqsk_queue_hash_req}: the request goes to the head of its bucket. */
  @KernelSource(file = "include/net/request_sock.h", function = "reqsk_queue_hash_req")
  void hashReq(int hash, RequestSock req, long expires) {
    req.expires = expires;
    req.retrans = 0;
    req.sk = null;
    req.dlNext = listenOpt.synTable[hash];
    listenOpt.synTable[hash] = req;
  }

  /** {@code reqsk_queue_unlink}: takes the request out of its bucket chain. */
  @KernelSource(file = "include/net/request_sock.h", function = "reqsk_queue_unlink")
  void unlink(int hash, RequestSock req) {
    RequestSock[] table = listenOpt.synTable;
    if (table[hash] == req) {
      table[hash] = req.dlNext;
    } else {
      RequestSock p = table[hash];
      while (p.dlNext != req) {
        p = p.dlNext;
      }
      p.dlNext = req.dlNext;
    }
    req.dlNext = null;
  }

  /** {@code reqsk_queue_add}: the request, now owning its child, joins the accept FIFO's tail. */
  @KernelSource(file = "include/net/request_sock.h", function = "reqsk_queue_add")
  void add(RequestSock req, TcpSock parent, TcpSock child) {
    req.sk = child;
    parent.ackBacklog = (parent.ackBacklog + 1) & 0xFFFF;
    if (acceptHead == null) {
      acceptHead = req;
    } else {
      acceptTail.dlNext = req;
    }
    acceptTail = req;
    req.dlNext = null;
  }

  /** {@code reqsk_queue_get_child}: removes the oldest child. The FIFO must not be empty. */
  @KernelSource(file = "include/net/request_sock.h", function = "reqsk_queue_get_child")
  TcpSock getChild(TcpSock parent) {
    RequestSock req = acceptHead;
    acceptHead = req.dlNext;
    if (acceptHead == null) {
      acceptTail = null;
    }
    parent.ackBacklog = (parent.ackBacklog - 1) & 0xFFFF;
    return req.sk;
  }

  boolean acceptQueueEmpty() {
    return acceptHead == null;
  }
}
