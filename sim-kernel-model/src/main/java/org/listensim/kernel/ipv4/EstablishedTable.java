package org.listensim.kernel.ipv4;

import java.util.Arrays;

/**
 * The established hash of one host ({@code tcp_hashinfo.ehash}, with the TIME_WAIT sockets that the
 * kernel keeps in a second chain of the same bucket), looked up by the exact 4-tuple.
 *
 * <p>Only the lookup results are the kernel's; the layout is the simulator's. The kernel chains sockets
 * and compares each one's addresses, which here would cost a cache miss per socket walked, on tables of
 * hundreds of thousands of cold sockets: most lookups are connect()'s check that a 4-tuple is free,
 * which walks a chain and finds nothing. So the table is open-addressed (linear probing, at most half
 * full) and keeps each 4-tuple beside its slot: a lookup reads one stretch of {@link #keys} and touches a
 * socket only when it matches. Never iterated, so its order cannot reach the output.
 */
final class EstablishedTable {
  /** Ints per slot in {@link #keys}: laddr, raddr, lport and rport packed, hash (0 when empty). */
  private static final int STRIDE = 4;

  private int[] keys = new int[64 * STRIDE];
  private TcpSock[] socks = new TcpSock[64];
  private int mask = 63;
  private int size;

  int size() {
    return size;
  }

  /** The 4-tuple's hash, never 0 (0 marks an empty slot). */
  private static int hash(int laddr, int ports, int raddr) {
    int h = laddr * 0x9E3779B1 ^ raddr * 0x85EBCA77 ^ ports * 0xC2B2AE3D;
    return (h ^ (h >>> 15)) | 0x80000000;
  }

  private static int ports(int lport, int rport) {
    return lport << 16 | rport;
  }

  TcpSock get(int laddr, int lport, int raddr, int rport) {
    int ports = ports(lport, rport);
    int h = hash(laddr, ports, raddr);
    int[] k = keys;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int o = i * STRIDE;
      int kh = k[o + 3];
      if (kh == 0) {
        return null;
      }
      if (kh == h && k[o] == laddr && k[o + 1] == raddr && k[o + 2] == ports) {
        return socks[i];
      }
    }
  }

  /** Adds a socket that is in no table (a new connection or child: each is hashed once). */
  void put(TcpSock sk) {
    if (2 * (size + 1) > mask + 1) {
      grow();
    }
    int ports = ports(sk.lport, sk.rport);
    insert(hash(sk.laddr, ports, sk.raddr), sk.laddr, sk.raddr, ports, sk);
    sk.hashed = true;
    size++;
  }

  private void insert(int h, int laddr, int raddr, int ports, TcpSock sk) {
    int i = h & mask;
    while (keys[i * STRIDE + 3] != 0) {
      i = (i + 1) & mask;
    }
    int o = i * STRIDE;
    keys[o] = laddr;
    keys[o + 1] = raddr;
    keys[o + 2] = ports;
    keys[o + 3] = h;
    socks[i] = sk;
  }

  /**
   * Removes this socket (not another with the same 4-tuple: a connect that takes over a TIME_WAIT
   * 4-tuple is hashed before the TIME_WAIT socket dies), if it is in the table.
   */
  void remove(TcpSock sk) {
    if (!sk.hashed) {
      return;
    }
    int ports = ports(sk.lport, sk.rport);
    int i = hash(sk.laddr, ports, sk.raddr) & mask;
    while (socks[i] != sk) {
      i = (i + 1) & mask;
    }
    sk.hashed = false;
    size--;
    closeGap(i);
  }

  /**
   * Empties slot {@code gap} and moves back each later entry of its probe run that may fill it (one whose
   * home slot does not lie cyclically in {@code (gap, j]}), so lookups never need tombstones.
   */
  private void closeGap(int gap) {
    int[] k = keys;
    for (int j = (gap + 1) & mask; ; j = (j + 1) & mask) {
      int h = k[j * STRIDE + 3];
      if (h == 0) {
        break;
      }
      int home = h & mask;
      if (((j - home) & mask) >= ((j - gap) & mask)) {
        System.arraycopy(k, j * STRIDE, k, gap * STRIDE, STRIDE);
        socks[gap] = socks[j];
        gap = j;
      }
    }
    Arrays.fill(k, gap * STRIDE, gap * STRIDE + STRIDE, 0);
    socks[gap] = null;
  }

  private void grow() {
    int[] oldKeys = keys;
    TcpSock[] oldSocks = socks;
    keys = new int[oldKeys.length * 2];
    socks = new TcpSock[oldSocks.length * 2];
    mask = socks.length - 1;
    for (int i = 0; i < oldSocks.length; i++) {
      int o = i * STRIDE;
      if (oldKeys[o + 3] != 0) {
        insert(oldKeys[o + 3], oldKeys[o], oldKeys[o + 1], oldKeys[o + 2], oldSocks[i]);
      }
    }
  }
}
