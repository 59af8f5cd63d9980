package org.jasyncio.examples;

import static org.jasyncio.examples.ExampleProcesses.exit;
import static org.jasyncio.examples.ExampleProcesses.interrupt;
import static org.jasyncio.examples.ExampleProcesses.lines;
import static org.jasyncio.examples.ExampleProcesses.listeningPort;
import static org.jasyncio.examples.ExampleProcesses.require;
import static org.jasyncio.examples.ExampleProcesses.sigintIgnored;
import static org.jasyncio.examples.ExampleProcesses.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The examples users copy, each run as a real process from the examples jar and driven from outside. */
@Timeout(120)
class ExamplesTest {
    @TempDir
    Path dir;

    private static String body(InputStream in, int answers) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (countOf(got.toString(StandardCharsets.US_ASCII), "Hello, World!") < answers) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    private static int countOf(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void httpHelloAnswersKeepAliveAndPipelinedRequestsAndStopsOnCtrlC() throws Exception {
        Process server = start("http-hello", "--port", "0");
        try {
            BufferedReader out = lines(server);
            int port = listeningPort(out, server);
            URI uri = URI.create("http://127.0.0.1:" + port + "/");

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 3; i++) { // one kept-alive connection, three requests
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("Hello, World!", r.body());
                assertEquals("13", r.headers().firstValue("content-length").orElseThrow());
            }

            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(10_000);
                OutputStream o = s.getOutputStream();
                // pipelined: a GET, a POST with a body (skipped), then a GET split across two writes
                o.write(("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                        + "GET /c HTTP/1.1\r\nHo").getBytes(StandardCharsets.US_ASCII));
                o.flush();
                Thread.sleep(50);
                o.write("st: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String answers = body(s.getInputStream(), 3);
                assertEquals(3, countOf(answers, "HTTP/1.1 200 OK"), answers);
                assertEquals(1, countOf(answers, "Connection: close"), answers);
                assertEquals(-1, s.getInputStream().read(), "closed after the request that asked for it");
            }

            if (ExampleProcesses.have("curl")) {
                Process curl = new ProcessBuilder("curl", "-s", "-i", "--max-time", "10", uri + "x", uri + "y")
                        .redirectErrorStream(true).start();
                String text = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, curl.waitFor());
                assertEquals(2, countOf(text, "HTTP/1.1 200 OK"), text);
                assertEquals(2, countOf(text, "Hello, World!"), text);
            }

            if (!sigintIgnored()) {
                interrupt(server);
                assertEquals(0, exit(server));
                assertEquals("http-hello stopped", out.readLine());
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void tlsEchoServerLoadsPemFilesAndEchoesToOpensslAndJava() throws Exception {
        require("openssl");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process gen = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        String genOut = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gen.waitFor(), genOut);
        assertTrue(Files.readString(key).contains("BEGIN PRIVATE KEY"), "openssl wrote a PKCS#8 key");

        Process server = start("tls-echo-server", "--port", "0", "--cert", cert.toString(), "--key", key.toString());
        try {
            BufferedReader out = lines(server);
            int port = listeningPort(out, server);

            Process client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-quiet",
                    "-verify_return_error", "-CAfile", cert.toString(), "-servername", "localhost").start();
            client.getOutputStream().write("hello over tls\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            BufferedReader echoed = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("hello over tls", echoed.readLine());
            client.getOutputStream().close();
            if (!client.waitFor(10, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(cert)) {
                trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                byte[] msg = "ping from java".getBytes(StandardCharsets.US_ASCII);
                s.getOutputStream().write(msg);
                s.getOutputStream().flush();
                assertEquals("ping from java", new String(s.getInputStream().readNBytes(msg.length), StandardCharsets.US_ASCII));
            }

            if (!sigintIgnored()) {
                interrupt(server);
                assertEquals(0, exit(server));
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void tlsEchoServerSaysWhyItCannotLoadItsFiles() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, "not a certificate\n");
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        Process server = start("tls-echo-server", "--port", "0", "--cert", cert.toString(), "--key", key.toString());
        String err = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, exit(server));
        assertTrue(err.startsWith("tls-echo-server: cannot load the certificate or key: "), err);
        Process help = start("tls-echo-server", "--help");
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, exit(help));
        assertTrue(usage.startsWith("usage: tls-echo-server --port N --cert PEM --key PEM"), usage);
    }

    @Test
    void tailPrintsTheLastLinesThenFollowsTheFile() throws Exception {
        Path file = dir.resolve("log.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 15; i++) {
            sb.append("line ").append(i).append('\n');
        }
        Files.writeString(file, sb);
        Process tail = start("tail", "-n", "3", file.toString());
        try {
            BufferedReader out = lines(tail);
            assertEquals("line 13", out.readLine());
            assertEquals("line 14", out.readLine());
            assertEquals("line 15", out.readLine());
            Files.writeString(file, "appended later\n", StandardOpenOption.APPEND);
            assertEquals("appended later", out.readLine());
            if (!sigintIgnored()) {
                interrupt(tail);
                assertEquals(0, exit(tail));
            }
        } finally {
            tail.destroyForcibly();
        }
    }

    @Test
    void tailFollowsACommandsOutputAndErrorsThroughPipesAndExitsWithItsStatus() throws Exception {
        Process tail = start("tail", "--", "/bin/sh", "-c", "echo first; sleep 0.2; echo oops >&2; echo second; exit 4");
        String out = new String(tail.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(tail.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(4, exit(tail));
        assertEquals("first\nsecond\n", out);
        assertTrue(err.contains("oops\n"), err); // the JVM may add its own warnings to standard error
    }

    @Test
    void everyCommandExplainsItselfWithHelp() throws Exception {
        for (String command : new String[] {"http-hello", "tls-echo-server", "tail"}) {
            Process p = start(command, "--help");
            String usage = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, exit(p), command);
            assertTrue(usage.startsWith("usage: " + command), usage);
        }
        Process bad = start("http-hello", "--port", "nope");
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, exit(bad));
        assertTrue(err.startsWith("--port needs a port number (0-65535), got nope"), err);
    }

    /** The README's first command runs this: every section of the tour prints what it saw, and the run ends cleanly. */
    @Test
    void theDemoTourRunsEverySectionToTheEnd() throws Exception {
        Process demo = start("demo");
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, exit(demo), out);
        for (String seen : new String[] {"callSoon 1\n  callSoon 2\n  callLater 50 ms", "gather -> [slow task, computed on ",
                "CancelledError: demo says stop", "1 4 9 (StopAsyncIteration)", "client got back: hello over TCP",
                "sent ping, got back: ping", "exit status 3", "SIGUSR1 handled on ", "replies: [ONE, TWO, THREE]",
                "consumer summed 15", "timeout(0.05) around sleep(10) -> TimeoutException", "SHOUT THIS (exit status 0)",
                "Asyncio.run returned: done"}) {
            assertTrue(out.contains(seen), "the demo should print '" + seen + "':\n" + out);
        }
    }
}
