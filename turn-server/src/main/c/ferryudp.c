/*
 * Batched UDP I/O for Ferry's relay hot path (dev.ferry.turn.nativeudp.NativeMethods).
 *
 * Every per-packet call works on raw memory that Java allocated and sized: payload slots and
 * metadata records. Nothing here creates or touches Java objects per packet, nothing calls
 * malloc, and there is no global mutable state: the only per-call scratch space (mmsghdr, iovec,
 * sockaddr and cmsg arrays) lives on the C stack, bounded by FERRY_MAX_BATCH.
 *
 * Metadata records are little-endian (Java writes them with ByteBuffer in LITTLE_ENDIAN order);
 * addresses inside them are in network byte order, as on the wire.
 *
 * Return contract of every function: >= 0 on success, -errno on failure. EAGAIN from recvmmsg or
 * sendmmsg is not an error: it returns 0 ("nothing now, wait for epoll").
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <jni.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/sockios.h>

#ifndef SOL_UDP
#define SOL_UDP 17
#endif
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

/* Largest number of datagrams moved by one recvmmsg/sendmmsg call; bounds the stack arrays. */
#define FERRY_MAX_BATCH 64

/* Receive metadata record, one per slot (keep in sync with ReceiveBatch). */
#define RECV_META_SIZE 32
#define RECV_OFF_LENGTH 0
#define RECV_OFF_FLAGS 4
#define RECV_OFF_FAMILY 8
#define RECV_OFF_PORT 12
#define RECV_OFF_ADDRESS 16
#define RECV_FLAG_TRUNCATED 1

/* Send metadata record, one per message (keep in sync with SendBatch). */
#define SEND_META_SIZE 40
#define SEND_OFF_PAYLOAD 0
#define SEND_OFF_LENGTH 8
#define SEND_OFF_FAMILY 12
#define SEND_OFF_PORT 16
#define SEND_OFF_SEGMENT 20
#define SEND_OFF_ADDRESS 24

/* Family codes shared with Java: the IP version, not the platform's AF_* value. */
#define FAMILY_IPV4 4
#define FAMILY_IPV6 6

/* Socket options addressed by Java with these codes, so Java needs no platform constants. */
#define OPTION_RCVBUF 1
#define OPTION_SNDBUF 2
#define OPTION_REUSEPORT 3
#define OPTION_IP_MTU_DISCOVER 4
#define OPTION_IPV6_MTU_DISCOVER 5

static const uint8_t V4_MAPPED_PREFIX[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static void put_u32(uint8_t *at, uint32_t value) {
    uint32_t le = htole32(value);
    memcpy(at, &le, sizeof(le));
}

static uint32_t get_u32(const uint8_t *at) {
    uint32_t le;
    memcpy(&le, at, sizeof(le));
    return le32toh(le);
}

static uint64_t get_u64(const uint8_t *at) {
    uint64_t le;
    memcpy(&le, at, sizeof(le));
    return le64toh(le);
}

static int negative_errno(void) {
    int err = errno;
    return err > 0 ? -err : -EIO;
}

static int family_to_af(jint family) {
    if (family == FAMILY_IPV4) {
        return AF_INET;
    }
    if (family == FAMILY_IPV6) {
        return AF_INET6;
    }
    return -1;
}

/*
 * Fills a sockaddr for the given family code. An AF_INET6 socket reaches IPv4 recipients through
 * their v4-mapped address, so callers never need to know the socket's family.
 */
static int fill_sockaddr(struct sockaddr_in6 *out, socklen_t *out_len, int socket_af, jint family,
                         const uint8_t *address, uint32_t port) {
    if (port > 65535) {
        return -EINVAL;
    }
    memset(out, 0, sizeof(*out));
    if (family == FAMILY_IPV4 && socket_af == AF_INET) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)out;
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        memcpy(&v4->sin_addr, address, 4);
        *out_len = sizeof(struct sockaddr_in);
        return 0;
    }
    if (socket_af != AF_INET6) {
        return -EAFNOSUPPORT;
    }
    out->sin6_family = AF_INET6;
    out->sin6_port = htons((uint16_t)port);
    if (family == FAMILY_IPV4) {
        memcpy(out->sin6_addr.s6_addr, V4_MAPPED_PREFIX, sizeof(V4_MAPPED_PREFIX));
        memcpy(out->sin6_addr.s6_addr + 12, address, 4);
    } else if (family == FAMILY_IPV6) {
        memcpy(out->sin6_addr.s6_addr, address, 16);
    } else {
        return -EAFNOSUPPORT;
    }
    *out_len = sizeof(struct sockaddr_in6);
    return 0;
}

/* Writes family, port and address of a sender; v4-mapped IPv6 senders are reported as IPv4. */
static void store_sender(uint8_t *record, const struct sockaddr_in6 *from, socklen_t from_len) {
    memset(record + RECV_OFF_ADDRESS, 0, 16);
    if (from->sin6_family == AF_INET && from_len >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)from;
        put_u32(record + RECV_OFF_FAMILY, FAMILY_IPV4);
        put_u32(record + RECV_OFF_PORT, ntohs(v4->sin_port));
        memcpy(record + RECV_OFF_ADDRESS, &v4->sin_addr, 4);
    } else if (from->sin6_family == AF_INET6 && from_len >= (socklen_t)sizeof(struct sockaddr_in6)) {
        put_u32(record + RECV_OFF_PORT, ntohs(from->sin6_port));
        if (memcmp(from->sin6_addr.s6_addr, V4_MAPPED_PREFIX, sizeof(V4_MAPPED_PREFIX)) == 0) {
            put_u32(record + RECV_OFF_FAMILY, FAMILY_IPV4);
            memcpy(record + RECV_OFF_ADDRESS, from->sin6_addr.s6_addr + 12, 4);
        } else {
            put_u32(record + RECV_OFF_FAMILY, FAMILY_IPV6);
            memcpy(record + RECV_OFF_ADDRESS, from->sin6_addr.s6_addr, 16);
        }
    } else {
        put_u32(record + RECV_OFF_FAMILY, 0);
        put_u32(record + RECV_OFF_PORT, 0);
    }
}

JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_maxBatch(JNIEnv *env, jclass clazz) {
    (void)env;
    (void)clazz;
    return FERRY_MAX_BATCH;
}

JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_openSocket(JNIEnv *env, jclass clazz,
                                                                             jint family, jboolean v6Only) {
    (void)env;
    (void)clazz;
    int af = family_to_af(family);
    if (af < 0) {
        return -EAFNOSUPPORT;
    }
    int fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return negative_errno();
    }
    if (af == AF_INET6) {
        int on = v6Only ? 1 : 0;
        if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) != 0) {
            int result = negative_errno();
            close(fd);
            return result;
        }
    }
    return fd;
}

static int socket_af(int fd) {
    struct sockaddr_in6 local;
    socklen_t len = sizeof(local);
    memset(&local, 0, sizeof(local));
    if (getsockname(fd, (struct sockaddr *)&local, &len) != 0) {
        return negative_errno();
    }
    return local.sin6_family;
}

JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_bind(JNIEnv *env, jclass clazz, jint fd,
                                                                       jbyteArray address, jint scopeId,
                                                                       jint port) {
    (void)clazz;
    if (address == NULL) {
        return -EINVAL;
    }
    jsize length = (*env)->GetArrayLength(env, address);
    uint8_t bytes[16];
    jint family;
    if (length == 4) {
        family = FAMILY_IPV4;
    } else if (length == 16) {
        family = FAMILY_IPV6;
    } else {
        return -EINVAL;
    }
    (*env)->GetByteArrayRegion(env, address, 0, length, (jbyte *)bytes);
    if ((*env)->ExceptionCheck(env)) {
        return -EINVAL;
    }
    int af = socket_af(fd);
    if (af < 0) {
        return af;
    }
    struct sockaddr_in6 sa;
    socklen_t sa_len = 0;
    int filled = fill_sockaddr(&sa, &sa_len, af, family, bytes, (uint32_t)port);
    if (filled != 0) {
        return filled;
    }
    if (af == AF_INET6 && family == FAMILY_IPV6) {
        sa.sin6_scope_id = (uint32_t)scopeId;
    }
    if (bind(fd, (struct sockaddr *)&sa, sa_len) != 0) {
        return negative_errno();
    }
    return 0;
}

/* Writes the bound address into out (16 bytes); returns the family code in bits 16+ and the port. */
JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_localAddress(JNIEnv *env, jclass clazz,
                                                                               jint fd, jbyteArray out) {
    (void)clazz;
    if (out == NULL || (*env)->GetArrayLength(env, out) < 16) {
        return -EINVAL;
    }
    struct sockaddr_in6 local;
    socklen_t len = sizeof(local);
    memset(&local, 0, sizeof(local));
    if (getsockname(fd, (struct sockaddr *)&local, &len) != 0) {
        return negative_errno();
    }
    uint8_t record[RECV_META_SIZE];
    store_sender(record, &local, len);
    uint32_t family = get_u32(record + RECV_OFF_FAMILY);
    if (family == 0) {
        return -EAFNOSUPPORT;
    }
    /* A socket bound to ::ffff:a.b.c.d is still an IPv6 socket: report its own family. */
    if (local.sin6_family == AF_INET6) {
        family = FAMILY_IPV6;
        memcpy(record + RECV_OFF_ADDRESS, local.sin6_addr.s6_addr, 16);
    }
    (*env)->SetByteArrayRegion(env, out, 0, 16, (const jbyte *)(record + RECV_OFF_ADDRESS));
    if ((*env)->ExceptionCheck(env)) {
        return -EINVAL;
    }
    return (jint)((family << 16) | get_u32(record + RECV_OFF_PORT));
}

/* Maps Java's option code to a level and name; returns -1 for an unknown code. */
static int option_name(jint option, int *level) {
    *level = SOL_SOCKET;
    switch (option) {
        case OPTION_RCVBUF:
            return SO_RCVBUF;
        case OPTION_SNDBUF:
            return SO_SNDBUF;
        case OPTION_REUSEPORT:
            return SO_REUSEPORT;
        case OPTION_IP_MTU_DISCOVER:
            *level = IPPROTO_IP;
            return IP_MTU_DISCOVER;
        case OPTION_IPV6_MTU_DISCOVER:
            *level = IPPROTO_IPV6;
            return IPV6_MTU_DISCOVER;
        default:
            return -1;
    }
}

JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_setOption(JNIEnv *env, jclass clazz, jint fd,
                                                                            jint option, jint value) {
    (void)env;
    (void)clazz;
    int level;
    int name = option_name(option, &level);
    if (name < 0 || value < 0) {
        return -EINVAL;
    }
    int v = value;
    if (setsockopt(fd, level, name, &v, sizeof(v)) != 0) {
        return negative_errno();
    }
    return 0;
}

JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_getOption(JNIEnv *env, jclass clazz, jint fd,
                                                                            jint option) {
    (void)env;
    (void)clazz;
    int level;
    int name = option_name(option, &level);
    if (name < 0) {
        return -EINVAL;
    }
    int v = 0;
    socklen_t len = sizeof(v);
    if (getsockopt(fd, level, name, &v, &len) != 0) {
        return negative_errno();
    }
    return v < 0 ? -EINVAL : v;
}

JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_close(JNIEnv *env, jclass clazz, jint fd) {
    (void)env;
    (void)clazz;
    /* Linux releases the descriptor even when close reports EINTR, so it is never retried. */
    if (close(fd) != 0 && errno != EINTR) {
        return negative_errno();
    }
    return 0;
}

JNIEXPORT jstring JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_describeError(JNIEnv *env, jclass clazz,
                                                                                   jint err) {
    (void)clazz;
    char buffer[256];
    const char *text;
#if defined(__GLIBC__)
    text = strerror_r(err, buffer, sizeof(buffer));
#else
    text = strerror_r(err, buffer, sizeof(buffer)) == 0 ? buffer : "Unknown error";
#endif
    return (*env)->NewStringUTF(env, text);
}

/*
 * The kernel's receive time (CLOCK_REALTIME, ns) of the last datagram read from fd: SIOCGSTAMPNS.
 * The first call on a socket turns its timestamps on and may answer -ENOENT; the load generator
 * uses this to take its own wake-ups out of a relay's measured latency.
 */
JNIEXPORT jlong JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_lastReceiveTime(JNIEnv *env, jclass clazz,
                                                                                   jint fd) {
    (void)env;
    (void)clazz;
    struct timespec ts;
    if (ioctl(fd, SIOCGSTAMPNS, &ts) != 0) {
        return negative_errno();
    }
    return (jlong)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* CLOCK_REALTIME in ns, the clock of lastReceiveTime. */
JNIEXPORT jlong JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_realtimeNanos(JNIEnv *env, jclass clazz) {
    (void)env;
    (void)clazz;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (jlong)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * The kernel's sched_attr, declared here because glibc 2.36 (Debian 12) has no wrapper or header
 * for it. Field order and sizes are the kernel ABI (SCHED_ATTR_SIZE_VER1, 56 bytes).
 */
struct ferry_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
    uint32_t sched_util_min;
    uint32_t sched_util_max;
};

/* sched_getattr for the calling thread; 0 or -1 with errno set. */
static int read_sched_attr(struct ferry_sched_attr *attr) {
    memset(attr, 0, sizeof(*attr));
    return (int)syscall(SYS_sched_getattr, 0, attr, sizeof(*attr), 0);
}

/*
 * Asks the scheduler for a slice of sliceNanos for the calling thread (EEVDF's custom slice,
 * Linux 6.12+): a shorter slice gives the thread an earlier deadline each time it wakes, so a
 * relay loop woken by a datagram preempts a busy task on its CPU sooner. Policy, nice value and
 * utilisation clamps are read first and written back unchanged. Older kernels accept and ignore
 * sched_runtime for normal threads; threadSlice reads 0 there. Returns 0 or -errno.
 */
JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_setThreadSlice(JNIEnv *env, jclass clazz,
                                                                                 jlong sliceNanos) {
    (void)env;
    (void)clazz;
    struct ferry_sched_attr attr;
    if (read_sched_attr(&attr) != 0) {
        return negative_errno();
    }
    /* Deadline threads have their own runtime; realtime ones have no slice to change. */
    if (attr.sched_policy != SCHED_OTHER && attr.sched_policy != SCHED_BATCH) {
        return -EINVAL;
    }
    attr.size = sizeof(attr);
    attr.sched_runtime = (uint64_t)sliceNanos;
    attr.sched_deadline = 0;
    attr.sched_period = 0;
    if (syscall(SYS_sched_setattr, 0, &attr, 0) != 0) {
        return negative_errno();
    }
    return 0;
}

/* The calling thread's scheduler slice in ns as the kernel reports it (0 before Linux 6.12), or -errno. */
JNIEXPORT jlong JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_threadSlice(JNIEnv *env, jclass clazz) {
    (void)env;
    (void)clazz;
    struct ferry_sched_attr attr;
    if (read_sched_attr(&attr) != 0) {
        return negative_errno();
    }
    return (jlong)attr.sched_runtime;
}

/*
 * Receives up to maxMessages datagrams: datagram i lands in slot i (regionAddress + i * slotSize)
 * and its record at metaAddress + i * RECV_META_SIZE (a block of metaCapacity bytes). Returns the
 * count, 0 on EAGAIN, -errno on error.
 */
JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_recvmmsg(JNIEnv *env, jclass clazz, jint fd,
                                                                           jlong regionAddress,
                                                                           jlong regionCapacity, jint slotSize,
                                                                           jlong metaAddress, jint metaCapacity,
                                                                           jint maxMessages) {
    (void)env;
    (void)clazz;
    uint8_t *records = (uint8_t *)(intptr_t)metaAddress;
    jlong meta_capacity = metaCapacity;
    if (records == NULL || meta_capacity < 0 || regionAddress == 0 || slotSize <= 0 || maxMessages <= 0) {
        return -EINVAL;
    }
    int count = maxMessages < FERRY_MAX_BATCH ? maxMessages : FERRY_MAX_BATCH;
    if ((jlong)count * RECV_META_SIZE > meta_capacity || (jlong)count * slotSize > regionCapacity) {
        return -EINVAL;
    }
    struct mmsghdr messages[FERRY_MAX_BATCH];
    struct iovec vectors[FERRY_MAX_BATCH];
    struct sockaddr_in6 senders[FERRY_MAX_BATCH];
    memset(messages, 0, sizeof(struct mmsghdr) * (size_t)count);
    uint8_t *region = (uint8_t *)(intptr_t)regionAddress;
    for (int i = 0; i < count; i++) {
        vectors[i].iov_base = region + (size_t)i * (size_t)slotSize;
        vectors[i].iov_len = (size_t)slotSize;
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = &senders[i];
        messages[i].msg_hdr.msg_namelen = sizeof(senders[i]);
    }
    int received;
    do {
        received = recvmmsg(fd, messages, (unsigned int)count, MSG_DONTWAIT, NULL);
    } while (received < 0 && errno == EINTR);
    if (received < 0) {
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : negative_errno();
    }
    for (int i = 0; i < received; i++) {
        uint8_t *record = records + (size_t)i * RECV_META_SIZE;
        unsigned int length = messages[i].msg_len;
        if (length > (unsigned int)slotSize) {
            length = (unsigned int)slotSize;
        }
        put_u32(record + RECV_OFF_LENGTH, length);
        put_u32(record + RECV_OFF_FLAGS,
                (messages[i].msg_hdr.msg_flags & MSG_TRUNC) ? RECV_FLAG_TRUNCATED : 0);
        store_sender(record, &senders[i], messages[i].msg_hdr.msg_namelen);
    }
    return received;
}

/*
 * Sends up to count messages described by the SEND_META_SIZE records at metaAddress (a block of
 * metaCapacity bytes).
 * socketFamily is the socket's own family code, needed to address IPv4 recipients from an
 * AF_INET6 socket.
 *
 * Returns n > 0 when the first n messages were sent (the rest were not tried or would block),
 * 0 when the socket buffer is full (EAGAIN), and -errno when the FIRST message was refused: the
 * caller drops that one message and calls again with the rest. A malformed first record
 * (bad family, port or length) is refused with -EINVAL without reaching the kernel; a malformed
 * later record ends the batch before it, so it becomes the first of the next call.
 */
JNIEXPORT jint JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_sendmmsg(JNIEnv *env, jclass clazz, jint fd,
                                                                           jint socketFamily, jlong metaAddress,
                                                                           jint metaCapacity, jint count) {
    (void)env;
    (void)clazz;
    uint8_t *records = (uint8_t *)(intptr_t)metaAddress;
    jlong meta_capacity = metaCapacity;
    int af = family_to_af(socketFamily);
    if (records == NULL || meta_capacity < 0 || count <= 0 || af < 0) {
        return -EINVAL;
    }
    if (count > FERRY_MAX_BATCH) {
        count = FERRY_MAX_BATCH;
    }
    if ((jlong)count * SEND_META_SIZE > meta_capacity) {
        return -EINVAL;
    }
    struct mmsghdr messages[FERRY_MAX_BATCH];
    struct iovec vectors[FERRY_MAX_BATCH];
    struct sockaddr_in6 recipients[FERRY_MAX_BATCH];
    union {
        char buffer[CMSG_SPACE(sizeof(uint16_t))];
        struct cmsghdr align;
    } controls[FERRY_MAX_BATCH];
    int prepared = 0;
    for (int i = 0; i < count; i++) {
        const uint8_t *record = records + (size_t)i * SEND_META_SIZE;
        uint64_t payload = get_u64(record + SEND_OFF_PAYLOAD);
        uint32_t length = get_u32(record + SEND_OFF_LENGTH);
        uint32_t segment = get_u32(record + SEND_OFF_SEGMENT);
        socklen_t name_len = 0;
        int filled = fill_sockaddr(&recipients[i], &name_len, af, (jint)get_u32(record + SEND_OFF_FAMILY),
                                   record + SEND_OFF_ADDRESS, get_u32(record + SEND_OFF_PORT));
        if (filled == 0 && ((payload == 0 && length != 0) || length > 65535 || segment > 65535)) {
            filled = -EINVAL;
        }
        if (filled != 0) {
            if (i == 0) {
                return filled;
            }
            break;
        }
        memset(&messages[i], 0, sizeof(messages[i]));
        vectors[i].iov_base = (void *)(uintptr_t)payload;
        vectors[i].iov_len = length;
        messages[i].msg_hdr.msg_name = &recipients[i];
        messages[i].msg_hdr.msg_namelen = name_len;
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        if (segment > 0) {
            memset(controls[i].buffer, 0, sizeof(controls[i].buffer));
            messages[i].msg_hdr.msg_control = controls[i].buffer;
            messages[i].msg_hdr.msg_controllen = sizeof(controls[i].buffer);
            struct cmsghdr *cmsg = CMSG_FIRSTHDR(&messages[i].msg_hdr);
            cmsg->cmsg_level = SOL_UDP;
            cmsg->cmsg_type = UDP_SEGMENT;
            cmsg->cmsg_len = CMSG_LEN(sizeof(uint16_t));
            uint16_t segment_size = (uint16_t)segment;
            memcpy(CMSG_DATA(cmsg), &segment_size, sizeof(segment_size));
        }
        prepared++;
    }
    int sent;
    do {
        sent = sendmmsg(fd, messages, (unsigned int)prepared, MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : negative_errno();
    }
    return sent;
}

/* Address of a direct ByteBuffer, for the rare JVM where Netty's buffers expose none themselves. */
JNIEXPORT jlong JNICALL Java_dev_ferry_turn_nativeudp_NativeMethods_directBufferAddress(JNIEnv *env,
                                                                                       jclass clazz,
                                                                                       jobject buffer) {
    (void)clazz;
    if (buffer == NULL) {
        return 0;
    }
    return (jlong)(intptr_t)(*env)->GetDirectBufferAddress(env, buffer);
}
