/*
 * Independent known-answer generator for the listensim syncookie tests.
 *
 * Written for listensim from the algorithm (FIPS 180-1 block function) and from the behaviour described
 * in shared/spec/linux-2.6.32-listen-path.md section 9; it shares no code with the kernel or with the
 * Java implementation. It reproduces the x86 byte layout by building the hash input in real memory on a
 * little-endian host (addresses and ports stored in network byte order, the rest in host order) and then
 * reading that memory as big-endian 32-bit words, which is what the SHA-1 block function does with its
 * input. Must run on a little-endian machine (checked at start).
 *
 * Build and run:
 *   gcc -std=c99 -O2 -Wall -Wextra -o /tmp/syncookie_vectors sim-kernel-model/src/test/c/syncookie_vectors.c
 *   /tmp/syncookie_vectors
 * The printed lines are pasted into SyncookieKnownAnswerTest.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static uint32_t load_be32(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* One SHA-1 compression of a 64-byte block into state[5]; no padding, no length. */
static void compress(uint32_t state[5], const unsigned char block[64]) {
  uint32_t w[80];
  for (int t = 0; t < 16; t++) w[t] = load_be32(block + 4 * t);
  for (int t = 16; t < 80; t++) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
  for (int t = 0; t < 80; t++) {
    uint32_t f, k;
    if (t < 20) { f = (b & c) | (~b & d); k = 0x5A827999u; }
    else if (t < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1u; }
    else if (t < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDCu; }
    else { f = b ^ c ^ d; k = 0xCA62C1D6u; }
    uint32_t tmp = rotl(a, 5) + f + e + k + w[t];
    e = d; d = c; c = rotl(b, 30); b = a; a = tmp;
  }
  state[0] += a; state[1] += b; state[2] += c; state[3] += d; state[4] += e;
}

static uint32_t secret[2][17];

/* Addresses as dotted strings, ports as natural numbers: both go into memory in network order. */
static uint32_t hash(const char *src, const char *dst, uint16_t sport, uint16_t dport,
                     uint32_t count, int which) {
  uint32_t words[21]; /* host-order words, exactly as laid out in memory */
  uint32_t s_net, d_net;
  inet_pton(AF_INET, src, &s_net);
  inet_pton(AF_INET, dst, &d_net);
  words[0] = s_net;
  words[1] = d_net;
  words[2] = ((uint32_t)htons(sport) << 16) + (uint32_t)htons(dport);
  words[3] = count;
  memcpy(words + 4, secret[which], sizeof secret[which]);
  uint32_t state[5];
  memcpy(state, words + 16, sizeof state); /* the chaining state is the secret's last five words */
  compress(state, (const unsigned char *)words);
  return state[1];
}

static uint32_t make_cookie(const char *src, const char *dst, uint16_t sport, uint16_t dport,
                            uint32_t sseq, uint32_t count, uint32_t data) {
  return hash(src, dst, sport, dport, 0, 0) + sseq + (count << 24)
      + ((hash(src, dst, sport, dport, count, 1) + data) & 0xFFFFFFu);
}

/* Returns the data value, or 0xFFFFFFFF when the counter is out of range. */
static uint32_t read_cookie(uint32_t cookie, const char *src, const char *dst, uint16_t sport,
                            uint16_t dport, uint32_t sseq, uint32_t count) {
  uint32_t v = cookie - (hash(src, dst, sport, dport, 0, 0) + sseq);
  uint32_t age = (count - (v >> 24)) & 0xFFu;
  if (age >= 4) return 0xFFFFFFFFu;
  return (v - hash(src, dst, sport, dport, count - age, 1)) & 0xFFFFFFu;
}

/* The SYN-ACK TSval of a cookie connection: the 9 low bits carry wscale/SACK, never later than now. */
static uint32_t ts_with_options(uint32_t now, int wscale_ok, unsigned snd, unsigned rcv, unsigned sack) {
  uint32_t opts = (wscale_ok ? (snd | (rcv << 4)) : 0) | (sack << 8);
  uint32_t ts = (now & ~0x1FFu) | opts;
  if (ts > now) ts = ((ts >> 9) - 1) << 9 | opts;
  return ts;
}

/* The minute counter from a 64-bit unsigned jiffies value, cut to 32 bits. */
static uint32_t minute_counter(uint64_t jiffies, uint32_t hz) {
  return (uint32_t)(jiffies / (uint64_t)(hz * 60u));
}

static void fill_spec_secret(void) {
  for (int c = 0; c < 2; c++)
    for (int j = 0; j < 17; j++)
      secret[c][j] = 0x01020304u * (uint32_t)(j + 1) + (uint32_t)c * 0x11111111u;
}

/* A second secret with no arithmetic pattern: an LCG from a fixed start (Numerical Recipes constants). */
static void fill_lcg_secret(void) {
  uint32_t x = 0xC0FFEE01u;
  for (int c = 0; c < 2; c++)
    for (int j = 0; j < 17; j++) {
      x = x * 1664525u + 1013904223u;
      secret[c][j] = x;
    }
}

static void print_secret(const char *name) {
  for (int c = 0; c < 2; c++) {
    printf("%s[%d] =", name, c);
    for (int j = 0; j < 17; j++) printf(" 0x%08x", secret[c][j]);
    printf("\n");
  }
}

int main(void) {
  uint32_t probe = 1;
  if (*(unsigned char *)&probe != 1) {
    fprintf(stderr, "needs a little-endian host\n");
    return 1;
  }

  /* 1. SHA-1("abc"): standard IV, one padded block. */
  unsigned char block[64] = {0};
  block[0] = 'a'; block[1] = 'b'; block[2] = 'c'; block[3] = 0x80;
  block[63] = 24; /* message length in bits, big-endian in the last 8 bytes */
  uint32_t iv[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  compress(iv, block);
  printf("sha1(abc) = %08x %08x %08x %08x %08x\n", iv[0], iv[1], iv[2], iv[3], iv[4]);

  /* 2. The spec's section 11 vector. */
  fill_spec_secret();
  const char *cli = "10.0.0.1", *srv = "10.0.0.100";
  printf("spec hash(count 0, c 0) = 0x%08x\n", hash(cli, srv, 40000, 80, 0, 0));
  printf("spec hash(count 71580, c 1) = 0x%08x\n", hash(cli, srv, 40000, 80, 71580, 1));
  uint32_t spec_cookie = make_cookie(cli, srv, 40000, 80, 1000000u, 71580u, 6);
  printf("spec cookie(sseq 1000000, count 71580, data 6) = 0x%08x\n", spec_cookie);
  for (uint32_t now = 71580; now <= 71585; now++)
    printf("spec read(count %u) = 0x%08x\n", now,
           read_cookie(spec_cookie, cli, srv, 40000, 80, 1000000u, now));
  printf("spec read(cookie+1, count 71580) = 0x%08x\n",
         read_cookie(spec_cookie + 1, cli, srv, 40000, 80, 1000000u, 71580));
  printf("spec read(cookie^0x00010000, count 71580) = 0x%08x\n",
         read_cookie(spec_cookie ^ 0x00010000u, cli, srv, 40000, 80, 1000000u, 71580));

  /* 3. Vectors with a patternless secret, other tuples, counts that wrap the 8-bit field. */
  fill_lcg_secret();
  print_secret("lcg");
  struct { const char *s, *d; uint16_t sp, dp; uint32_t sseq, count, data; } v[] = {
    {"192.168.1.20", "192.168.1.1", 51234, 443, 0xDEADBEEFu, 71577u, 0},
    {"203.0.113.7", "198.51.100.9", 1024, 8080, 0xFFFFFFFFu, 255u, 7},
    {"1.2.3.4", "5.6.7.8", 65535, 1, 0u, 256u, 3},
    {"255.255.255.255", "0.0.0.0", 0, 65535, 0x80000000u, 0xFFFFFFFFu, 5},
  };
  for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
    uint32_t h0 = hash(v[i].s, v[i].d, v[i].sp, v[i].dp, 0, 0);
    uint32_t h1 = hash(v[i].s, v[i].d, v[i].sp, v[i].dp, v[i].count, 1);
    uint32_t ck = make_cookie(v[i].s, v[i].d, v[i].sp, v[i].dp, v[i].sseq, v[i].count, v[i].data);
    printf("lcg %s:%u -> %s:%u sseq 0x%08x count %u data %u: h0 0x%08x h1 0x%08x cookie 0x%08x"
           " read+3 0x%08x read+4 0x%08x\n",
           v[i].s, v[i].sp, v[i].d, v[i].dp, v[i].sseq, v[i].count, v[i].data, h0, h1, ck,
           read_cookie(ck, v[i].s, v[i].d, v[i].sp, v[i].dp, v[i].sseq, v[i].count + 3),
           read_cookie(ck, v[i].s, v[i].d, v[i].sp, v[i].dp, v[i].sseq, v[i].count + 4));
  }

  /* 4. Timestamp option encoding. */
  printf("ts(now 0x12345678, ws ok 7/7, sack) = 0x%08x\n", ts_with_options(0x12345678u, 1, 7, 7, 1));
  printf("ts(now 0x12345678, ws ok 2/7, no sack) = 0x%08x\n", ts_with_options(0x12345678u, 1, 2, 7, 0));
  printf("ts(now 0x12345678, no ws 9/9, sack) = 0x%08x\n", ts_with_options(0x12345678u, 0, 9, 9, 1));
  printf("ts(now 0x00000100, ws ok 14/14, sack) = 0x%08x\n", ts_with_options(0x100u, 1, 14, 14, 1));
  printf("ts(now 0xfffffe00, ws ok 0/0, no sack) = 0x%08x\n", ts_with_options(0xFFFFFE00u, 1, 0, 0, 0));

  /* 5. Minute counter: 64-bit unsigned division, result cut to 32 bits. */
  uint64_t j[] = {0, 59999, 60000, 4294667296ull, 4294967296ull, 257698037760000ull,
                  257698037820000ull, 0xFFFFFFFFFFFFFFFFull};
  for (unsigned i = 0; i < sizeof j / sizeof j[0]; i++)
    printf("count(jiffies %llu, hz 1000) = %u; hz 250 = %u\n", (unsigned long long)j[i],
           minute_counter(j[i], 1000), minute_counter(j[i], 250));
  return 0;
}
