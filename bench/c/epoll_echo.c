/*
 * Minimal single-threaded epoll TCP echo server: the reference for what the kernel allows.
 * Usage: epoll_echo PORT   (listens on 127.0.0.1; prints "listening on PORT" when ready)
 * Level-triggered; reads up to 64 KiB at a time and writes it back; when the peer does not take it all, the rest
 * waits for EPOLLOUT and the connection stops reading until it has drained.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF_SIZE 65536
#define MAX_EVENTS 256

struct conn {
    int fd;
    size_t pending_off, pending_len;
    char buf[BUF_SIZE];
};

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void close_conn(int ep, struct conn *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

/* Writes what is pending; returns -1 on error, 0 when drained, 1 when the socket is full. */
static int flush(struct conn *c) {
    while (c->pending_len > 0) {
        ssize_t n = write(c->fd, c->buf + c->pending_off, c->pending_len);
        if (n < 0) {
            if (errno == EAGAIN) return 1;
            if (errno == EINTR) continue;
            return -1;
        }
        c->pending_off += (size_t)n;
        c->pending_len -= (size_t)n;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int port = atoi(argv[1]);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (lfd < 0) die("socket");
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) die("bind");
    if (listen(lfd, 1024) < 0) die("listen");
    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0) die("epoll_ctl");
    printf("listening on %d\n", port);
    fflush(stdout);

    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c == NULL) {
                int fd;
                while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct conn *nc = malloc(sizeof *nc);
                    if (nc == NULL) die("malloc");
                    nc->fd = fd;
                    nc->pending_off = nc->pending_len = 0;
                    struct epoll_event cev = {.events = EPOLLIN, .data.ptr = nc};
                    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev) < 0) die("epoll_ctl");
                }
                continue;
            }
            if (c->pending_len > 0) { /* EPOLLOUT: drain, then read again */
                int r = flush(c);
                if (r < 0) { close_conn(ep, c); continue; }
                if (r == 0) {
                    struct epoll_event cev = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &cev);
                }
                continue;
            }
            ssize_t got = read(c->fd, c->buf, BUF_SIZE);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
                close_conn(ep, c);
                continue;
            }
            if (got < 0) continue;
            c->pending_off = 0;
            c->pending_len = (size_t)got;
            int r = flush(c);
            if (r < 0) {
                close_conn(ep, c);
            } else if (r == 1) {
                struct epoll_event cev = {.events = EPOLLOUT, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &cev);
            }
        }
    }
}
