package org.listensim.scenarios.workload;

/**
 * A SYN-flood attacker: SYNs at {@code ratePerSecond} (Poisson when {@code poisson}, else evenly
 * spaced) from {@code start} to {@code stop} (ns), with source addresses from a spoofed pool that
 * belongs to no host (the server's SYN-ACKs to them vanish).
 *
 * @param randomPorts random source ports (else sequential from 1024)
 * @param timestamps whether the SYNs carry a timestamp option (and SACK, window scale)
 */
public record SynFlood(
    String name,
    double ratePerSecond,
    boolean poisson,
    AddressPool from,
    long start,
    long stop,
    boolean randomPorts,
    boolean timestamps,
    Distribution delayNanos) {}
