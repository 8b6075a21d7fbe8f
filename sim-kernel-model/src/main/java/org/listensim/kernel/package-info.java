/**
 * Linux 2.6.32 as a simulation model: the kernel clock (jiffies), sysctls, MIB counters, TCP segments
 * and the hash functions the listen path uses. The TCP/IPv4 stack itself is in {@code ipv4}, syncookies
 * in {@code syncookies}. Nothing here reads files or knows the scenario format.
 */
package org.listensim.kernel;
