/**
 * IPv4 syncookies of Linux 2.6.32.9 as pure functions, bit for bit as a little-endian x86-64 kernel
 * computes them. Nothing here needs a simulation: a researcher can compute the cookie a real kernel
 * would send for a given secret, 4-tuple, ISN, MSS and jiffies, or check an ACK against it.
 *
 * <h2>What lives here</h2>
 *
 * <table>
 *   <caption>Classes and the kernel code they follow</caption>
 *   <tr><th>class</th><th>kernel</th><th>what</th></tr>
 *   <tr><td>{@link org.listensim.kernel.syncookies.Sha1Transform}</td><td>{@code lib/sha1.c}</td>
 *       <td>the bare SHA-1 block function ({@code sha_transform}, {@code sha_init})</td></tr>
 *   <tr><td>{@link org.listensim.kernel.syncookies.SyncookieSecret}</td>
 *       <td>{@code syncookie_secret}, {@code init_syncookies}</td>
 *       <td>the global 2 x 17-word secret, seeded or pinned</td></tr>
 *   <tr><td>{@link org.listensim.kernel.syncookies.Syncookies}</td>
 *       <td>{@code net/ipv4/syncookies.c}</td>
 *       <td>cookie hash, generation, check, minute counter, MSS table; the IPv4 entry points</td></tr>
 *   <tr><td>{@link org.listensim.kernel.syncookies.CookieTimestamps},
 *       {@link org.listensim.kernel.syncookies.CookieOptions}</td>
 *       <td>{@code net/ipv4/syncookies.c}</td>
 *       <td>window scale and SACK carried in the SYN-ACK's TSval</td></tr>
 *   <tr><td>{@link org.listensim.kernel.syncookies.SynqOverflow}</td><td>{@code include/net/tcp.h}</td>
 *       <td>the listener's "recent overflow" stamp and its 3-second test</td></tr>
 *   <tr><td>{@link org.listensim.kernel.syncookies.X86ByteOrder}</td><td>—</td>
 *       <td>the integer an x86 kernel reads from network-order addresses and ports</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li>IPv4 addresses are natural {@code int} values, a.b.c.d = {@code 0xAABBCCDD}; ports are 0..65535.
 *       The kernel stores both in network byte order and {@code cookie_hash} uses them without
 *       conversion, so on x86 it hashes the byte-swapped values; the code does that swap itself
 *       ({@link org.listensim.kernel.syncookies.X86ByteOrder}), callers never do.
 *   <li>{@code saddr:sport} is the client (source of the SYN and of the ACK), {@code daddr:dport} the
 *       listener.
 *   <li>{@code u32} values (sequence numbers, cookies, counts, TSval) are {@code int}; {@code jiffies}
 *       is the 64-bit {@code unsigned long} of x86-64 in a {@code long}; {@code hz} is passed
 *       explicitly.
 * </ul>
 *
 * <h2>The cookie hash</h2>
 *
 * {@code H(count, c)} is one SHA-1 block function over 16 message words, chained from a secret state:
 *
 * <pre>
 *   message word  0: saddr                    (natural value)
 *                 1: daddr                    (natural value)
 *                 2: dport &lt;&lt; 16 | sport       (ports swapped: x86 effect, see Syncookies.cookieHash)
 *                 3: bswap32(count)
 *            4..15: bswap32(secret[c][0..11])
 *   chaining state: secret[c][12..16]         (not the SHA-1 IV; not swapped)
 *   result:         state word 1 after the block, i.e. secret[c][13] + b
 * </pre>
 *
 * <h2>Bit layout of a cookie</h2>
 *
 * <pre>
 *   cookie = H(0, 0) + sseq + (count &lt;&lt; 24) + ((H(count, 1) + mssind) mod 2^24)      (mod 2^32)
 *
 *   after subtracting H(0, 0) + sseq:
 *     31            24 23                                   0
 *    +----------------+--------------------------------------+
 *    | count mod 256  |  (H(count, 1) + mssind) mod 2^24     |
 *    +----------------+--------------------------------------+
 * </pre>
 *
 * {@code sseq} is the client's ISN, {@code count = jiffies / (60 * HZ)} (cut to 32 bits), and
 * {@code mssind} the index of the client's MSS rounded down in the table 64, 256, 512, 536, 1024, 1440,
 * 1460, 4312. The SYN-ACK carries the cookie as its sequence number; the ACK returns
 * {@code ack_seq = cookie + 1} and {@code seq = sseq + 1}. The check accepts counter ages 0..3 and a
 * decoded index below 8, i.e. 32 of the 2^32 possible ack values for a given 4-tuple, seq and time.
 *
 * <h2>Options in the SYN-ACK timestamp</h2>
 *
 * <pre>
 *   TSval bits 8 | 7..4       | 3..0
 *              sack | rcv_wscale | snd_wscale      (scales 0 unless wscale_ok)
 * </pre>
 *
 * Only when the SYN had a timestamp; TSval is at most 511 ticks behind {@code tcp_time_stamp}.
 *
 * <h2>Using it from the listen path</h2>
 *
 * <pre>{@code
 * Syncookies cookies = new Syncookies(SyncookieSecret.fromSeed(seed));
 *
 * // tcp_v4_conn_request, SYN queue full and tcp_syncookies on:
 * listener.lastOverflow = SynqOverflow.tcpSynqOverflow(jiffies);
 * int isn = cookies.cookieV4InitSequence(saddr, daddr, sport, dport, synSeq, req.mss, jiffies, hz);
 * req.mss = Syncookies.cookieMss(req.mss);
 * mib.syncookiesSent++;
 * // if the SYN had a timestamp: TSval = CookieTimestamps.cookieInitTimestamp((int) jiffies, ...)
 *
 * // cookie_v4_check, an ACK without SYN/RST and no matching request:
 * int mss = SynqOverflow.tcpSynqNoRecentOverflow(listener.lastOverflow, jiffies, hz) ? 0
 *     : cookies.cookieCheck(saddr, daddr, sport, dport, ackSeg.seq, ackSeg.ack, jiffies, hz);
 * if (mss == 0) { mib.syncookiesFailed++; ... } else { mib.syncookiesRecv++; ...
 *   CookieOptions opts = CookieTimestamps.cookieV4Options(ackSeg.hasTimestamp, ackSeg.tsecr); }
 * }</pre>
 *
 * <h2>Threads</h2>
 *
 * Static methods are thread-safe. A {@code Syncookies} instance reuses one scratch area, like the
 * kernel's per-CPU {@code ipv4_cookie_scratch}: use it from one thread (one simulation) at a time.
 */
package org.listensim.kernel.syncookies;
