package org.listensim.kernel.ipv4;

/**
 * The SYN table of a listener ({@code struct listen_sock}): {@code nr_table_entries} buckets of request
 * chains, with {@code qlen}, {@code qlen_young}, {@code clock_hand} and {@code hash_rnd}.
 */
public final class ListenSock {
  final int maxQlenLog;
  final int nrTableEntries;
  final int hashRnd;
  final RequestSock[] synTable;
  int qlen;
  int qlenYoung;
  int clockHand;

  ListenSock(int nrTableEntries, int maxQlenLog, int hashRnd) {
    this.nrTableEntries = nrTableEntries;
    this.maxQlenLog = maxQlenLog;
    this.hashRnd = hashRnd;
    this.synTable = new RequestSock[nrTableEntries];
  }

  public int maxQlenLog() {
    return maxQlenLog;
  }

  public int nrTableEntries() {
    return nrTableEntries;
  }

  public int hashRnd() {
    return hashRnd;
  }

  public int qlen() {
    return qlen;
  }

  public int qlenYoung() {
    return qlenYoung;
  }

  public int clockHand() {
    return clockHand;
  }

  /** The requests of one bucket, head (newest) first. */
  public java.util.List<RequestSock> bucket(int i) {
    java.util.List<RequestSock> out = new java.util.ArrayList<>();
    for (RequestSock r = synTable[i]; r != null; r = r.dlNext) {
      out.add(r);
    }
    return out;
  }
}
