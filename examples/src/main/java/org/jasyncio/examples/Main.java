package org.jasyncio.examples;

import java.util.Arrays;

/** The command line: {@code java -jar jasyncio-examples.jar <command> [options]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "demo" -> Demo.main(rest);
            case "echo-server" -> EchoServer.main(rest);
            case "chat-server" -> ChatServer.main(rest);
            case "tls-echo-server" -> TlsEchoServer.main(rest);
            case "http-hello" -> HttpHello.main(rest);
            case "tail" -> Tail.main(rest);
            case "help", "--help", "-h" -> usage();
            default -> {
                System.err.println("unknown command: " + command);
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.out.println("""
                usage: java -jar examples/target/jasyncio-examples.jar <command> [options]
                commands:
                  demo                 show what the library does, step by step
                  echo-server          echo every byte back: --port N [--host H] [--unix PATH] [--buffered | --streams]
                  chat-server          line-based chat over streams: --port N [--host H]
                  tls-echo-server      echo over TLS: --port N --cert PEM --key PEM [--host H]
                  http-hello           HTTP/1.1 keep-alive "Hello, World!": [--port N] [--host H]
                  tail                 follow a file or a command's output: [-n N] FILE | -- COMMAND [ARGS...]
                every command takes --help
                """);
    }
}
