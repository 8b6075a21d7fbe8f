package org.listensim.kernel.ipv4;

/**
 * The established hash of one host ({@code tcp_hashinfo.ehash}, with the TIME_WAIT sockets that the
 * kernel keeps in a second chain of the same bucket): sockets chained through {@link TcpSock#hashNext},
 * looked up by the exact 4-tuple. It costs one array slot and one reference per socket, so a million
 * connections need no per-connection key objects. Never iterated, so its order cannot reach the output.
 */
final class EstablishedTable {
  private TcpSock[] buckets = new TcpSock[64];
  private int size;

  int size() {
    return size;
  }

  private static int hash(int laddr, int lport, int raddr, int rport) {
    int h = laddr * 0x9E3779B1 ^ raddr * 0x85EBCA77 ^ (lport << 16 | rport) * 0xC2B2AE3D;
    return h ^ (h >>> 15);
  }

  TcpSock get(int laddr, int lport, int raddr, int rport) {
    TcpSock s = buckets[hash(laddr, lport, raddr, rport) & (buckets.length - 1)];
    while (s != null) {
      if (s.laddr == laddr && s.lport == lport && s.raddr == raddr && s.rport == rport) {
        return s;
      }
      s = s.hashNext;
    }
    return null;
  }

  /** Adds a socket that is in no table (a new connection or child: each is hashed once). */
  void put(TcpSock sk) {
    if (size >= buckets.length - (buckets.length >> 2)) {
      grow();
    }
    int b = hash(sk.laddr, sk.lport, sk.raddr, sk.rport) & (buckets.length - 1);
    sk.hashNext = buckets[b];
    buckets[b] = sk;
    sk.hashed = true;
    size++;
  }

  /** Removes this socket (not another with the same 4-tuple), if it is in the table. */
  void remove(TcpSock sk) {
    if (!sk.hashed) {
      return;
    }
    int b = hash(sk.laddr, sk.lport, sk.raddr, sk.rport) & (buckets.length - 1);
    TcpSock prev = null;
    for (TcpSock s = buckets[b]; s != null; prev = s, s = s.hashNext) {
      if (s == sk) {
        if (prev == null) {
          buckets[b] = s.hashNext;
        } else {
          prev.hashNext = s.hashNext;
        }
        s.hashNext = null;
        s.hashed = false;
        size--;
        return;
      }
    }
  }

  private void grow() {
    TcpSock[] old = buckets;
    buckets = new TcpSock[old.length * 2];
    for (TcpSock head : old) {
      TcpSock s = head;
      while (s != null) {
        TcpSock next = s.hashNext;
        int b = hash(s.laddr, s.lport, s.raddr, s.rport) & (buckets.length - 1);
        s.hashNext = buckets[b];
        buckets[b] = s;
        s = next;
      }
    }
  }
}
