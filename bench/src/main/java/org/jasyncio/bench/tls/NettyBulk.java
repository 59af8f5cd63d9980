package org.jasyncio.bench.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The same bulk transfer through Netty 4.2 with one NIO event-loop thread for both ends, and the JDK's SSLEngine
 * behind its SslHandler (as jasyncio uses), hostname verification on.
 */
final class NettyBulk implements TlsThroughput.Bulk {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final SslContext serverSsl;
    private final SslContext clientSsl;
    private final Channel server;
    private final int port;
    private volatile long total;

    NettyBulk(SSLContext serverContext, SSLContext clientContext) throws Exception {
        serverSsl = serverContext == null ? null : new JdkSslContext(serverContext, false, ClientAuth.NONE);
        clientSsl = clientContext == null ? null : new JdkSslContext(clientContext, true, ClientAuth.NONE);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (serverSsl != null) {
                            ch.pipeline().addLast(serverSsl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new Counter());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Counts what arrives; one byte back when all of it has. */
    private final class Counter extends ChannelInboundHandlerAdapter {
        private long received;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            received += b.readableBytes();
            b.release();
            if (received == total) {
                ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(1));
            }
        }
    }

    /** Writes while the channel is writable, resumes when it becomes writable again, finishes at the server's byte. */
    private static final class Sender extends ChannelInboundHandlerAdapter {
        private final byte[] chunk = TlsThroughput.pattern(TlsThroughput.CHUNK);
        private final CompletableFuture<Long> done = new CompletableFuture<>();
        private final boolean tls;
        private long left;
        private long startNanos;

        Sender(long total, boolean tls) {
            this.left = total;
            this.tls = tls;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (!tls) {
                start(ctx);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e) {
                if (e.isSuccess()) {
                    start(ctx);
                } else {
                    done.completeExceptionally(e.cause());
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        private void start(ChannelHandlerContext ctx) {
            startNanos = System.nanoTime();
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            while (ch.isWritable() && left > 0) {
                int n = (int) Math.min(chunk.length, left);
                ctx.write(ctx.alloc().buffer(n).writeBytes(chunk, 0, n), ctx.voidPromise());
                left -= n;
            }
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                pump(ctx);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            done.complete(System.nanoTime() - startNanos);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    @Override
    public long transferNanos(long bytes) throws Exception {
        total = bytes;
        Sender sender = new Sender(bytes, clientSsl != null);
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        if (clientSsl != null) {
                            SslHandler ssl = clientSsl.newHandler(c.alloc(), "localhost", port);
                            SSLEngine engine = ssl.engine();
                            SSLParameters params = engine.getSSLParameters();
                            params.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(params);
                            c.pipeline().addLast(ssl);
                        }
                        c.pipeline().addLast(sender);
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        long nanos = sender.done.get();
        ch.close().sync();
        return nanos;
    }

    @Override
    public void close() throws Exception {
        server.close().sync();
        group.shutdownGracefully().sync();
    }
}
