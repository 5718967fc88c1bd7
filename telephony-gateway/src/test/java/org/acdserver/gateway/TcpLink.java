package org.acdserver.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP link from a loopback port to a target, which a test can cut and restore, like a network path that goes away:
 * {@link #cut()} closes every connection through it and refuses new ones; {@link #restore()} accepts again on the same
 * port. Bytes pass unchanged. Test machinery: a virtual thread per direction of each connection.
 */
public final class TcpLink implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile ServerSocket listener;

    private TcpLink(String targetHost, int targetPort, ServerSocket listener) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listener;
        this.port = listener.getLocalPort();
    }

    /** A link on a free loopback port to {@code host:port}, accepting at once. */
    public static TcpLink to(String host, int port) throws IOException {
        TcpLink link = new TcpLink(host, port, bind(0));
        link.accept(link.listener);
        return link;
    }

    /** The loopback port to connect to instead of the target. */
    public int port() {
        return port;
    }

    /** Connections through the link now. */
    public int connections() {
        return open.size() / 2;
    }

    /** Closes every connection through the link, and refuses new ones until {@link #restore()}. */
    public synchronized void cut() throws IOException {
        ServerSocket l = listener;
        listener = null;
        if (l != null) {
            l.close();
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** Accepts connections on the same port again. */
    public synchronized void restore() throws IOException {
        if (listener == null) {
            listener = bind(port);
            accept(listener);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        threads.shutdownNow();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket from) {
        threads.execute(() -> {
            while (!from.isClosed()) {
                Socket client;
                try {
                    client = from.accept();
                } catch (IOException e) {
                    return;
                }
                Socket server;
                try {
                    server = new Socket(targetHost, targetPort);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            }
        });
    }

    private void pump(Socket from, Socket to) {
        threads.execute(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side went away (or the link was cut): the other side goes too.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
