package org.jasyncio;

import javax.net.ssl.SSLContext;
import org.jasyncio.internal.tls.UncheckedHostnameContext;

/**
 * The one way to turn hostname verification off for a TLS client: asyncio's {@code ctx.check_hostname = False}.
 *
 * <p>Every client path ({@code createConnection}, {@code createUnixConnection}, {@code startTls},
 * {@code Asyncio.openConnection}, {@code StreamWriter.startTls}) verifies that the server's certificate names the
 * host it was asked for: the server hostname, else the host connected to; an IP literal is checked against the
 * certificate's IP addresses. A client call that has no name to check fails at once with
 * IllegalArgumentException("check_hostname requires server_hostname"), as asyncio's does; no name, an empty name or
 * a null name never means "do not check". Only a context made by {@link #withoutHostnameCheck} skips the check; the
 * chain of trust is still verified by the context's own trust managers.
 *
 * <!-- sample: statements
 *      given: EventLoop loop; Transport transport; Protocol protocol; SSLContext privateCaContext() -->
 * <pre>{@code
 * SSLContext trusting = privateCaContext();                   // trusts a private CA
 * SSLContext anyName = SslContexts.withoutHostnameCheck(trusting);
 * loop.startTls(transport, protocol, anyName, false, null);   // no name needed: the check is off by name
 * }</pre>
 *
 * <p>Thread-safe: the methods only wrap or inspect a context.
 */
public final class SslContexts {
    private SslContexts() {
    }

    /**
     * A context that makes the same engines as {@code ctx} but whose client connections do not verify the server's
     * hostname (asyncio: {@code ssl_context.check_hostname = False}). A server name given alongside is still sent
     * as SNI. Use it only where something else authenticates the peer: any certificate that {@code ctx} trusts is
     * then accepted for any name.
     *
     * @param ctx the context to wrap; its trust managers still verify the certificate chain
     * @return a context that skips only the hostname check; {@code ctx} itself if it already does
     * @throws IllegalArgumentException if {@code ctx} is null
     */
    public static SSLContext withoutHostnameCheck(SSLContext ctx) {
        if (ctx == null) {
            throw new IllegalArgumentException("withoutHostnameCheck needs an SSLContext, got null");
        }
        return ctx instanceof UncheckedHostnameContext ? ctx : new UncheckedHostnameContext(ctx);
    }

    /**
     * Whether client connections made with {@code ctx} verify the server's hostname (asyncio:
     * {@code ssl_context.check_hostname}): true for every context except those {@link #withoutHostnameCheck} made.
     *
     * @param ctx a context; not null
     * @return false only for a context made by {@link #withoutHostnameCheck}
     */
    public static boolean checksHostname(SSLContext ctx) {
        return !(ctx instanceof UncheckedHostnameContext);
    }
}
