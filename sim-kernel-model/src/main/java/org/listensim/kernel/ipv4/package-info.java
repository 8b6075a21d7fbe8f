/**
 * The Linux 2.6.32 TCP/IPv4 stack of one simulated host, one Java class per kernel source file where
 * the listen path decides something ({@link org.listensim.kernel.ipv4.TcpIpv4} for
 * net/ipv4/tcp_ipv4.c, {@link org.listensim.kernel.ipv4.TcpMinisocks} for tcp_minisocks.c, {@link
 * org.listensim.kernel.ipv4.InetConnectionSock} for inet_connection_sock.c, ...). Each method that
 * implements a kernel function carries {@link org.listensim.kernel.KernelSource}.
 */
package org.listensim.kernel.ipv4;
