/*
 * Echo load generator: C connections each doing M-byte ping-pong (send one message, wait for all of it to come
 * back, check every byte, send the next) for a warm-up and then T measured seconds, from one epoll thread.
 *
 * Usage: loadgen PORT CONNS SIZE SECONDS [WARMUP_SECONDS [SERVER_PID [LABEL]]]   (always 127.0.0.1)
 * Prints one line: RESULT label=.. conns=.. size=.. requests=.. rps=.. mbps=.. p50_us=.. p99_us=..
 * server_cpu_s=.. cpu_us_per_req=.. user_us_per_req=.. sys_us_per_req=.. client_cpu_pct=..; the server's CPU is its
 * utime+stime from /proc/PID/stat read when the measurement starts and ends, also given split into user time (the
 * server's own code: what separates servers, as the kernel's share is the same work for all) and system time. Exits 1 if a byte comes back wrong or a connection fails.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PATTERN_SPAN 251 /* message k of connection c starts at offset (c * 17 + k) % PATTERN_SPAN */
#define READ_BUF 65536

struct conn {
    int fd;
    int id;
    uint64_t seq;
    const char *expect; /* the message in flight, inside the pattern */
    size_t sent, received;
    uint64_t started_ns;
    int want_out;
};

static char *pattern;
static size_t msg_size;
static uint64_t *latencies;
static size_t latency_count, latency_cap;
static int measuring;
static uint64_t completed;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fail(const char *what, int conn) {
    fprintf(stderr, "loadgen: connection %d: %s%s%s\n", conn, what, errno ? ": " : "", errno ? strerror(errno) : "");
    exit(1);
}

/* utime + stime of a process, in seconds (utime alone in *user); -1 when there is no such process. */
static double process_cpu(int pid, double *user) {
    if (pid <= 0) return -1;
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* the command name may hold spaces: fields restart after its ')' */
    if (!p) return -1;
    unsigned long utime = 0, stime = 0;
    /* after ')': state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2) return -1;
    *user = (double)utime / (double)sysconf(_SC_CLK_TCK);
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static double own_cpu(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void start_message(struct conn *c) {
    c->expect = pattern + (c->id * 17 + c->seq) % PATTERN_SPAN;
    c->sent = c->received = 0;
    c->started_ns = now_ns();
}

/* Sends what is left of the message; returns 1 if the socket is full. */
static int send_more(struct conn *c) {
    while (c->sent < msg_size) {
        ssize_t n = send(c->fd, c->expect + c->sent, msg_size - c->sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) return 1;
            if (errno == EINTR) continue;
            fail("send", c->id);
        }
        c->sent += (size_t)n;
    }
    return 0;
}

static void set_interest(int ep, struct conn *c, int want_out) {
    if (c->want_out == want_out) return;
    struct epoll_event ev = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) fail("epoll_ctl", c->id);
    c->want_out = want_out;
}

static void record(uint64_t ns) {
    if (latency_count == latency_cap) {
        latency_cap = latency_cap ? latency_cap * 2 : 1 << 20;
        latencies = realloc(latencies, latency_cap * sizeof *latencies);
        if (!latencies) fail("out of memory", -1);
    }
    latencies[latency_count++] = ns;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s PORT CONNS SIZE SECONDS [WARMUP_SECONDS [SERVER_PID [LABEL]]]\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]), nconns = atoi(argv[2]);
    msg_size = (size_t)atol(argv[3]);
    double seconds = atof(argv[4]), warmup = argc > 5 ? atof(argv[5]) : 1.0;
    int pid = argc > 6 ? atoi(argv[6]) : 0;
    const char *label = argc > 7 ? argv[7] : "server";
    if (nconns <= 0 || msg_size == 0 || seconds <= 0) {
        fprintf(stderr, "loadgen: CONNS, SIZE and SECONDS must be positive\n");
        return 2;
    }
    pattern = malloc(msg_size + PATTERN_SPAN);
    for (size_t i = 0; i < msg_size + PATTERN_SPAN; i++) pattern[i] = (char)(i * 131 + (i >> 9));

    int ep = epoll_create1(0);
    struct conn *conns = calloc((size_t)nconns, sizeof *conns);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < nconns; i++) {
        struct conn *c = &conns[i];
        c->id = i;
        c->fd = socket(AF_INET, SOCK_STREAM, 0);
        if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0) fail("connect", i);
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) fail("epoll_ctl", i);
    }
    for (int i = 0; i < nconns; i++) {
        start_message(&conns[i]);
        if (send_more(&conns[i])) set_interest(ep, &conns[i], 1);
    }

    static char buf[READ_BUF];
    struct epoll_event events[256];
    uint64_t t0 = now_ns();
    uint64_t measure_at = t0 + (uint64_t)(warmup * 1e9), end_at = measure_at + (uint64_t)(seconds * 1e9);
    uint64_t measure_start = 0;
    double cpu_start = 0, own_start = 0, user_start = 0, user_end = 0;
    for (;;) {
        uint64_t t = now_ns();
        if (!measuring && t >= measure_at) {
            measuring = 1;
            completed = 0;
            measure_start = t;
            cpu_start = process_cpu(pid, &user_start);
            own_start = own_cpu();
        }
        if (t >= end_at) break;
        int n = epoll_wait(ep, events, 256, 50);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("epoll_wait", -1);
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (events[i].events & EPOLLOUT) {
                if (!send_more(c)) set_interest(ep, c, 0);
            }
            if (!(events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) continue;
            for (;;) {
                ssize_t got = recv(c->fd, buf, READ_BUF, 0);
                if (got < 0) {
                    if (errno == EAGAIN) break;
                    if (errno == EINTR) continue;
                    fail("recv", c->id);
                }
                if (got == 0) fail("server closed the connection", c->id);
                if (c->received + (size_t)got > c->sent) fail("received more than was sent", c->id);
                if (memcmp(buf, c->expect + c->received, (size_t)got) != 0) fail("echoed bytes differ", c->id);
                c->received += (size_t)got;
                if (c->received == msg_size) {
                    if (measuring) {
                        record(now_ns() - c->started_ns);
                        completed++;
                    }
                    c->seq++;
                    start_message(c);
                    if (send_more(c)) set_interest(ep, c, 1);
                    break;
                }
                if ((size_t)got < READ_BUF) break;
            }
        }
    }
    uint64_t measure_end = now_ns();
    double cpu_end = process_cpu(pid, &user_end), own_end = own_cpu();
    double elapsed = (measure_end - measure_start) / 1e9;
    qsort(latencies, latency_count, sizeof *latencies, cmp_u64);
    double p50 = latency_count ? latencies[latency_count / 2] / 1e3 : 0;
    double p99 = latency_count ? latencies[(size_t)(latency_count * 0.99)] / 1e3 : 0;
    double server_cpu = (cpu_start >= 0 && cpu_end >= 0) ? cpu_end - cpu_start : -1;
    printf("RESULT label=%s conns=%d size=%zu seconds=%.2f requests=%llu rps=%.0f mbps=%.1f p50_us=%.1f p99_us=%.1f "
           "server_cpu_s=%.2f cpu_us_per_req=%.2f user_us_per_req=%.2f sys_us_per_req=%.2f client_cpu_pct=%.0f\n",
           label, nconns, msg_size, elapsed, (unsigned long long)completed, completed / elapsed,
           completed * (double)msg_size / elapsed / 1e6, p50, p99, server_cpu,
           server_cpu >= 0 && completed ? server_cpu * 1e6 / completed : -1,
           server_cpu >= 0 && completed ? (user_end - user_start) * 1e6 / completed : -1,
           server_cpu >= 0 && completed ? (server_cpu - (user_end - user_start)) * 1e6 / completed : -1,
           (own_end - own_start) / elapsed * 100);
    for (int i = 0; i < nconns; i++) close(conns[i].fd);
    return completed > 0 ? 0 : 1;
}
