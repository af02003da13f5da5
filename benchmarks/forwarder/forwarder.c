/*
 * ferry-forwarder: the kernel's ceiling on the TURN relay path, as a yardstick for TURN servers.
 *
 * It answers just enough TURN (RFC 8656) for the load generator TurnLoad to set up an allocation
 * with a channel (Allocate: 401 then success, CreatePermission, ChannelBind, Refresh) without
 * checking any credential, and then relays ChannelData the way a TURN server does:
 *
 *   client --ChannelData--> listening socket   (strip the 4-byte header)
 *          relay socket of the allocation --UDP--> peer
 *   peer --UDP--> relay socket of the allocation  (add the 4-byte header)
 *          listening socket --ChannelData--> client
 *
 * so each relayed packet costs the kernel what it costs under a real TURN server: one receive
 * and one send per direction, through one socket per allocation plus the shared listening socket.
 * What it leaves out is everything a server does besides: authentication, permissions' lifetimes,
 * quotas, logging, memory management. Sockets are read with recvmmsg and written with sendmmsg in
 * batches of up to BATCH datagrams; each thread owns one listening socket (SO_REUSEPORT, so the
 * kernel keeps every client on one thread) and the allocations of its clients.
 *
 * Loopback only. Bounded: exits on SIGTERM/SIGINT and after the maximum run time (-T).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define BUF 2048
#define BUCKETS 65536
#define MAX_EVENTS 256
#define SOCKET_BUFFER (4 << 20)
#define MAGIC 0x2112A442u

enum { M_ALLOCATE = 0x003, M_REFRESH = 0x004, M_CREATE_PERMISSION = 0x008, M_CHANNEL_BIND = 0x009 };
enum {
  A_MAPPED = 0x0001,
  A_MESSAGE_INTEGRITY = 0x0008,
  A_ERROR_CODE = 0x0009,
  A_CHANNEL_NUMBER = 0x000C,
  A_LIFETIME = 0x000D,
  A_XOR_PEER = 0x0012,
  A_REALM = 0x0014,
  A_NONCE = 0x0015,
  A_XOR_RELAYED = 0x0016,
  A_XOR_MAPPED = 0x0020
};

struct allocation {
  struct sockaddr_in client;
  struct sockaddr_in peer; /* the bound peer; sin_port 0 until ChannelBind */
  uint16_t channel;        /* 0 until ChannelBind */
  uint16_t relay_port;     /* network order */
  int fd;                  /* relay socket; -1 once released (freed after the event batch) */
  struct allocation *next; /* hash chain, then the free-later list */
};

struct worker {
  int id;
  int listen_fd;
  int epoll_fd;
  pthread_t thread;
  struct allocation *buckets[BUCKETS];
  struct allocation *released;
  /* datagrams read from the listening socket */
  struct mmsghdr in_msgs[BATCH];
  struct iovec in_iov[BATCH];
  struct sockaddr_in in_from[BATCH];
  char in_buf[BATCH][BUF];
  /* datagrams to clients, gathered across relay sockets and sent at once */
  struct mmsghdr out_msgs[BATCH];
  struct iovec out_iov[BATCH];
  struct sockaddr_in out_addr[BATCH];
  char *out_buf[BATCH];
  char out_store[BATCH][BUF];
  int out_count;
  /* scratch for one allocation's datagrams to its peer */
  struct mmsghdr peer_msgs[BATCH];
  struct iovec peer_iov[BATCH];
  unsigned long long to_peer, to_client, dropped, allocations;
};

static volatile sig_atomic_t stopping;
static struct in_addr listen_ip;

static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

static unsigned hash(const struct sockaddr_in *a) {
  uint32_t h = a->sin_addr.s_addr * 2654435761u ^ (uint32_t)a->sin_port * 40503u;
  return (h ^ (h >> 16)) & (BUCKETS - 1);
}

static int same(const struct sockaddr_in *a, const struct sockaddr_in *b) {
  return a->sin_addr.s_addr == b->sin_addr.s_addr && a->sin_port == b->sin_port;
}

static struct allocation *lookup(struct worker *w, const struct sockaddr_in *client) {
  for (struct allocation *a = w->buckets[hash(client)]; a; a = a->next) {
    if (same(&a->client, client)) return a;
  }
  return NULL;
}

static void tune(int fd) {
  int size = SOCKET_BUFFER;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

static struct allocation *allocate(struct worker *w, const struct sockaddr_in *client) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return NULL;
  struct sockaddr_in relay = {.sin_family = AF_INET, .sin_addr = listen_ip, .sin_port = 0};
  socklen_t len = sizeof relay;
  struct allocation *a = calloc(1, sizeof *a);
  struct epoll_event ev = {.events = EPOLLIN};
  if (!a || bind(fd, (struct sockaddr *)&relay, sizeof relay) < 0 ||
      getsockname(fd, (struct sockaddr *)&relay, &len) < 0) {
    free(a);
    close(fd);
    return NULL;
  }
  tune(fd);
  a->client = *client;
  a->fd = fd;
  a->relay_port = relay.sin_port;
  ev.data.ptr = a;
  if (epoll_ctl(w->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
    free(a);
    close(fd);
    return NULL;
  }
  unsigned h = hash(client);
  a->next = w->buckets[h];
  w->buckets[h] = a;
  w->allocations++;
  return a;
}

/* Unlinks and closes now; frees after the current event batch, which may still name it. */
static void release(struct worker *w, struct allocation *a) {
  struct allocation **p = &w->buckets[hash(&a->client)];
  while (*p != a) p = &(*p)->next;
  *p = a->next;
  close(a->fd);
  a->fd = -1;
  a->next = w->released;
  w->released = a;
}

/* ---- STUN responses (RFC 8489 §5, §14) ---- */

struct response {
  unsigned char b[512];
  size_t len;
};

static void put16(unsigned char *p, unsigned v) {
  p[0] = v >> 8;
  p[1] = v;
}

static void put32(unsigned char *p, uint32_t v) {
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static void begin(struct response *r, unsigned method, int error, const unsigned char *tid) {
  unsigned type = (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2);
  type |= error ? 0x0110 : 0x0100;
  put16(r->b, type);
  put16(r->b + 2, 0);
  put32(r->b + 4, MAGIC);
  memcpy(r->b + 8, tid, 12);
  r->len = 20;
}

static unsigned char *attr(struct response *r, unsigned type, size_t len) {
  unsigned char *p = r->b + r->len;
  size_t padded = (len + 3) & ~(size_t)3;
  put16(p, type);
  put16(p + 2, len);
  memset(p + 4, 0, padded);
  r->len += 4 + padded;
  put16(r->b + 2, r->len - 20);
  return p + 4;
}

static void xor_address(struct response *r, unsigned type, struct in_addr ip, uint16_t port_n) {
  unsigned char *v = attr(r, type, 8);
  v[1] = 0x01;
  put16(v + 2, ntohs(port_n) ^ (MAGIC >> 16));
  put32(v + 4, ntohl(ip.s_addr) ^ MAGIC);
}

static void text(struct response *r, unsigned type, const char *s) {
  memcpy(attr(r, type, strlen(s)), s, strlen(s));
}

static void error_code(struct response *r, int code, const char *reason) {
  unsigned char *v = attr(r, A_ERROR_CODE, 4 + strlen(reason));
  v[2] = code / 100;
  v[3] = code % 100;
  memcpy(v + 4, reason, strlen(reason));
}

static void reply_error(struct worker *w, const struct sockaddr_in *to, unsigned method,
                        const unsigned char *tid, int code, const char *reason) {
  struct response r;
  begin(&r, method, 1, tid);
  error_code(&r, code, reason);
  if (code == 401) {
    text(&r, A_REALM, "forwarder");
    text(&r, A_NONCE, "forwarder-nonce");
  }
  sendto(w->listen_fd, r.b, r.len, 0, (const struct sockaddr *)to, sizeof *to);
}

static void on_stun(struct worker *w, const struct sockaddr_in *from, const unsigned char *b,
                    size_t len) {
  unsigned type = b[0] << 8 | b[1];
  size_t body = (size_t)(b[2] << 8 | b[3]);
  if (20 + body > len || (body & 3) || ((uint32_t)b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7]) != MAGIC)
    return;
  if ((type & 0x0110) != 0) return; /* requests only */
  unsigned method = (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);
  const unsigned char *tid = b + 8;
  int integrity = 0, channel = -1;
  long lifetime = -1;
  struct sockaddr_in peer = {.sin_family = AF_INET};
  for (size_t at = 20; at + 4 <= 20 + body;) {
    unsigned t = b[at] << 8 | b[at + 1], l = b[at + 2] << 8 | b[at + 3];
    const unsigned char *v = b + at + 4;
    if (at + 4 + l > 20 + body) return;
    if (t == A_MESSAGE_INTEGRITY) integrity = 1;
    if (t == A_LIFETIME && l == 4) lifetime = (long)((uint32_t)v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3]);
    if (t == A_CHANNEL_NUMBER && l == 4) channel = v[0] << 8 | v[1];
    if (t == A_XOR_PEER && l == 8 && v[1] == 0x01) {
      peer.sin_port = htons((v[2] << 8 | v[3]) ^ (MAGIC >> 16));
      peer.sin_addr.s_addr = htonl(((uint32_t)v[4] << 24 | v[5] << 16 | v[6] << 8 | v[7]) ^ MAGIC);
    }
    at += 4 + ((l + 3) & ~3u);
  }
  struct allocation *a = lookup(w, from);
  struct response r;
  switch (method) {
    case M_ALLOCATE:
      if (!integrity) {
        if (a) reply_error(w, from, method, tid, 437, "Allocation Mismatch");
        else reply_error(w, from, method, tid, 401, "Unauthorized");
        return;
      }
      if (!a && !(a = allocate(w, from))) {
        reply_error(w, from, method, tid, 508, "Insufficient Capacity");
        return;
      }
      begin(&r, method, 0, tid);
      xor_address(&r, A_XOR_RELAYED, listen_ip, a->relay_port);
      xor_address(&r, A_XOR_MAPPED, from->sin_addr, from->sin_port);
      put32(attr(&r, A_LIFETIME, 4), lifetime < 0 ? 600 : (uint32_t)lifetime);
      break;
    case M_REFRESH:
      if (!a) {
        reply_error(w, from, method, tid, 437, "Allocation Mismatch");
        return;
      }
      if (lifetime == 0) release(w, a);
      begin(&r, method, 0, tid);
      put32(attr(&r, A_LIFETIME, 4), lifetime < 0 ? 600 : (uint32_t)lifetime);
      break;
    case M_CREATE_PERMISSION:
    case M_CHANNEL_BIND:
      if (!a) {
        reply_error(w, from, method, tid, 437, "Allocation Mismatch");
        return;
      }
      if (method == M_CHANNEL_BIND) {
        /* Loopback peers only: this tool must never send to a network. */
        if (channel < 0x4000 || channel > 0x7FFF || peer.sin_port == 0 ||
            (ntohl(peer.sin_addr.s_addr) >> 24) != 127) {
          reply_error(w, from, method, tid, 400, "Bad Request");
          return;
        }
        a->channel = channel;
        a->peer = peer;
      }
      begin(&r, method, 0, tid);
      break;
    default:
      return;
  }
  sendto(w->listen_fd, r.b, r.len, 0, (const struct sockaddr *)from, sizeof *from);
}

/* ---- relaying ---- */

/* Sends all of msgs[0..count) on fd; what the kernel refuses (full buffer) is dropped. */
static unsigned send_all(struct worker *w, int fd, struct mmsghdr *msgs, unsigned count) {
  unsigned done = 0;
  while (done < count) {
    int n = sendmmsg(fd, msgs + done, count - done, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      w->dropped += count - done;
      break;
    }
    done += n;
  }
  return done;
}

static void flush_clients(struct worker *w) {
  if (w->out_count == 0) return;
  for (int i = 0; i < w->out_count; i++) {
    w->out_msgs[i].msg_hdr.msg_name = &w->out_addr[i];
    w->out_msgs[i].msg_hdr.msg_namelen = sizeof w->out_addr[i];
  }
  w->to_client += send_all(w, w->listen_fd, w->out_msgs, w->out_count);
  w->out_count = 0;
}

/* Client to peer: one recvmmsg on the listening socket, one sendmmsg per allocation in it. */
static void on_listen_readable(struct worker *w) {
  for (int i = 0; i < BATCH; i++) {
    w->in_iov[i] = (struct iovec){w->in_buf[i], BUF};
    w->in_msgs[i].msg_hdr = (struct msghdr){.msg_name = &w->in_from[i],
                                            .msg_namelen = sizeof w->in_from[i],
                                            .msg_iov = &w->in_iov[i],
                                            .msg_iovlen = 1};
  }
  int n = recvmmsg(w->listen_fd, w->in_msgs, BATCH, MSG_DONTWAIT, NULL);
  if (n <= 0) return;
  struct allocation *to[BATCH];
  unsigned length[BATCH];
  for (int i = 0; i < n; i++) {
    const unsigned char *b = (const unsigned char *)w->in_buf[i];
    unsigned len = w->in_msgs[i].msg_len;
    to[i] = NULL;
    if (len >= 4 && (b[0] & 0xC0) == 0x40) {
      unsigned channel = b[0] << 8 | b[1], data = b[2] << 8 | b[3];
      struct allocation *a = lookup(w, &w->in_from[i]);
      if (a && a->channel == channel && data <= len - 4) {
        to[i] = a;
        length[i] = data;
      } else {
        w->dropped++;
      }
    } else if (len >= 20 && (b[0] & 0xC0) == 0) {
      on_stun(w, &w->in_from[i], b, len);
    }
  }
  for (int i = 0; i < n; i++) {
    struct allocation *a = to[i];
    if (!a) continue;
    unsigned count = 0;
    for (int j = i; j < n; j++) {
      if (to[j] != a) continue;
      w->peer_iov[count] = (struct iovec){w->in_buf[j] + 4, length[j]};
      w->peer_msgs[count].msg_hdr = (struct msghdr){.msg_name = &a->peer,
                                                    .msg_namelen = sizeof a->peer,
                                                    .msg_iov = &w->peer_iov[count],
                                                    .msg_iovlen = 1};
      count++;
      to[j] = NULL;
    }
    if (a->fd >= 0) w->to_peer += send_all(w, a->fd, w->peer_msgs, count);
  }
}

/* Peer to client: one recvmmsg on the relay socket, straight into the batch to clients. */
static void on_relay_readable(struct worker *w, struct allocation *a) {
  if (a->fd < 0) return;
  if (w->out_count == BATCH) flush_clients(w);
  int first = w->out_count, room = BATCH - first;
  for (int i = first; i < BATCH; i++) {
    w->out_iov[i] = (struct iovec){w->out_buf[i] + 4, BUF - 4};
    w->out_msgs[i].msg_hdr = (struct msghdr){.msg_name = &w->out_addr[i],
                                             .msg_namelen = sizeof w->out_addr[i],
                                             .msg_iov = &w->out_iov[i],
                                             .msg_iovlen = 1};
  }
  int n = recvmmsg(a->fd, w->out_msgs + first, room, MSG_DONTWAIT, NULL);
  if (n <= 0) return;
  int kept = first;
  for (int i = first; i < first + n; i++) {
    unsigned len = w->out_msgs[i].msg_len;
    if (a->channel == 0 || !same(&w->out_addr[i], &a->peer) || len > 0xFFFF) {
      w->dropped++;
      continue;
    }
    if (kept != i) { /* keep the batch dense: swap buffers, not bytes */
      char *t = w->out_buf[kept];
      w->out_buf[kept] = w->out_buf[i];
      w->out_buf[i] = t;
    }
    unsigned char *h = (unsigned char *)w->out_buf[kept];
    put16(h, a->channel);
    put16(h + 2, len);
    w->out_iov[kept] = (struct iovec){h, 4 + len};
    w->out_msgs[kept].msg_hdr.msg_iov = &w->out_iov[kept];
    w->out_addr[kept] = a->client;
    kept++;
  }
  w->out_count = kept;
}

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void *run(void *arg) {
  struct worker *w = arg;
  struct epoll_event events[MAX_EVENTS];
  while (!stopping) {
    int n = epoll_wait(w->epoll_fd, events, MAX_EVENTS, 100);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int i = 0; i < n; i++) {
      if (events[i].data.ptr == NULL) on_listen_readable(w);
      else on_relay_readable(w, events[i].data.ptr);
    }
    flush_clients(w);
    while (w->released) {
      struct allocation *a = w->released;
      w->released = a->next;
      free(a);
    }
  }
  return NULL;
}

static void usage(const char *self) {
  fprintf(stderr,
          "usage: %s -p PORT [-l 127.0.0.1] [-t THREADS] [-T MAX_SECONDS]\n"
          "Relays ChannelData between TURN clients and loopback peers with minimal TURN setup\n"
          "(no authentication). Exits on SIGTERM/SIGINT or after MAX_SECONDS (default 600).\n",
          self);
  exit(2);
}

int main(int argc, char **argv) {
  const char *ip = "127.0.0.1";
  int port = 0, threads = 1, opt;
  double max_seconds = 600;
  while ((opt = getopt(argc, argv, "l:p:t:T:h")) != -1) {
    switch (opt) {
      case 'l': ip = optarg; break;
      case 'p': port = atoi(optarg); break;
      case 't': threads = atoi(optarg); break;
      case 'T': max_seconds = atof(optarg); break;
      default: usage(argv[0]);
    }
  }
  if (port < 1 || port > 65535 || threads < 1 || threads > 64 || max_seconds <= 0 ||
      inet_pton(AF_INET, ip, &listen_ip) != 1 || (ntohl(listen_ip.s_addr) >> 24) != 127)
    usage(argv[0]);
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  struct sigaction sa = {.sa_handler = on_signal};
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  struct worker **workers = calloc(threads, sizeof *workers);
  for (int i = 0; i < threads; i++) {
    struct worker *w = workers[i] = calloc(1, sizeof *w);
    if (!w) die("calloc");
    w->id = i;
    for (int j = 0; j < BATCH; j++) w->out_buf[j] = w->out_store[j];
    w->listen_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(w->listen_fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    tune(w->listen_fd);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr = listen_ip, .sin_port = htons(port)};
    if (bind(w->listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("bind");
    if ((w->epoll_fd = epoll_create1(EPOLL_CLOEXEC)) < 0) die("epoll_create1");
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(w->epoll_fd, EPOLL_CTL_ADD, w->listen_fd, &ev) < 0) die("epoll_ctl");
  }
  for (int i = 0; i < threads; i++) {
    if (pthread_create(&workers[i]->thread, NULL, run, workers[i]) != 0) die("pthread_create");
  }
  fprintf(stderr, "forwarder: %s:%d, %d thread(s), batch %d, at most %.0f s\n", ip, port, threads,
          BATCH, max_seconds);
  double deadline = now_seconds() + max_seconds;
  while (!stopping && now_seconds() < deadline) {
    struct timespec tick = {0, 100 * 1000 * 1000};
    nanosleep(&tick, NULL);
  }
  stopping = 1;
  unsigned long long to_peer = 0, to_client = 0, dropped = 0, allocations = 0;
  for (int i = 0; i < threads; i++) {
    pthread_join(workers[i]->thread, NULL);
    to_peer += workers[i]->to_peer;
    to_client += workers[i]->to_client;
    dropped += workers[i]->dropped;
    allocations += workers[i]->allocations;
  }
  fprintf(stderr, "forwarder: %llu allocations, %llu to peers, %llu to clients, %llu dropped\n",
          allocations, to_peer, to_client, dropped);
  return 0;
}
