package org.jasyncio.examples;

/** What every command of the examples jar shares: reading option values, --help, and usage errors. */
final class Cli {
    private Cli() {
    }

    /** The value after option {@code args[i - 1]}; a usage error when it is missing. */
    static String value(String[] args, int i, String option, String usage) {
        if (i >= args.length) {
            fail(option + " needs a value", usage);
        }
        return args[i];
    }

    /** {@code value} as a port number (0 to 65535). */
    static int port(String[] args, int i, String option, String usage) {
        String v = value(args, i, option, usage);
        try {
            int port = Integer.parseInt(v);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(option + " needs a port number (0-65535), got " + v, usage);
        return -1;
    }

    /** Prints the usage and exits successfully (--help). */
    static void help(String usage) {
        System.out.println(usage);
        System.exit(0);
    }

    /** Prints what was wrong and the usage, and exits with status 2. */
    static void fail(String problem, String usage) {
        System.err.println(problem);
        System.err.println(usage);
        System.exit(2);
    }

    /**
     * Serves until Ctrl-C cancels the calling task, then stops listening, closes the clients still connected and waits
     * for the server to be closed: asyncio's {@code wait_closed()} waits for every connection, so a client that stays
     * connected (a keep-alive pool, a chat member) would otherwise hold the server open for ever.
     */
    static void serveUntilCtrlC(org.jasyncio.Server server) throws Exception {
        try {
            org.jasyncio.Asyncio.await(org.jasyncio.Asyncio.getRunningLoop().createFuture());
        } finally {
            server.close();
            server.closeClients();
            org.jasyncio.Asyncio.await(server.waitClosed());
        }
    }
}
