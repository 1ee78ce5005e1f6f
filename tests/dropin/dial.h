/*
 * A TCP connection to 127.0.0.1:PORT for the drop-in test clients
 * (client_cert_cb.c, verify_param.c); -1 if it is refused.
 */
#ifndef SSLSHIM_DROPIN_DIAL_H
#define SSLSHIM_DROPIN_DIAL_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static int dial(int port)
{
    struct sockaddr_in sa = {0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
        close(fd);
        return -1;
    }
    return fd;
}

#endif
