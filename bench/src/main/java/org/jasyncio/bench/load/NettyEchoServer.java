package org.jasyncio.bench.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The Netty peer of the load harness: an echo server on 127.0.0.1 with one event-loop thread (accepting and serving
 * every connection), in NIO or native epoll mode. Usage: {@code NettyEchoServer --port N --transport nio|epoll}.
 */
public final class NettyEchoServer {
    private NettyEchoServer() {
    }

    /** Writes back what it reads and flushes once per read batch, as Netty's own echo example does. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        String transport = "nio";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--transport" -> transport = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (usage: --port N --transport nio|epoll)");
            }
        }
        IoHandlerFactory io;
        Class<? extends ServerChannel> channelClass;
        if (transport.equals("epoll")) {
            Epoll.ensureAvailability();
            io = EpollIoHandler.newFactory();
            channelClass = EpollServerSocketChannel.class;
        } else if (transport.equals("nio")) {
            io = NioIoHandler.newFactory();
            channelClass = NioServerSocketChannel.class;
        } else {
            throw new IllegalArgumentException("--transport must be nio or epoll, got " + transport);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
        try {
            Echo echo = new Echo();
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(echo);
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("listening on " + ((java.net.InetSocketAddress) server.localAddress()).getPort()
                    + " (netty " + transport + ")");
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
