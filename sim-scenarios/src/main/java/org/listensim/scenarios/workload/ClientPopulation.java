package org.listensim.scenarios.workload;

/**
 * A population of 2.6.32 clients: where they come from, when they connect, the path to the server and
 * what they send right after connect().
 *
 * @param name unique name; random streams and outcome rows use it
 * @param arrival when attempts start
 * @param from source addresses (each attempt takes the next address of the pool, cycling)
 * @param delayNanos one-way delay of each segment, per direction
 * @param lossToServer probability that a segment from the clients to the server is lost
 * @param lossFromServer probability that a segment from the server to the clients is lost
 * @param requestBytes bytes the client writes right after connect() (0 for none)
 * @param timestamps whether the clients' stack has tcp_timestamps on (window scaling and SACK follow
 *     the clients' defaults)
 */
public record ClientPopulation(
    String name,
    Arrival arrival,
    AddressPool from,
    Distribution delayNanos,
    double lossToServer,
    double lossFromServer,
    int requestBytes,
    boolean timestamps) {}
