/**
 * Packet capture: the segments on the server's interface as a libpcap file (raw IPv4 link type,
 * nanosecond timestamps in simulated time), with real IPv4/TCP headers, option bytes and checksums.
 * Written from outside the kernel model, by a {@link org.listensim.scenarios.RunObserver}.
 */
package org.listensim.scenarios.capture;
