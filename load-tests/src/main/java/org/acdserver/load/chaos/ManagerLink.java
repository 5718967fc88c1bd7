package org.acdserver.load.chaos;

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
 * The path from the server to the Asterisk manager, which the chaos run cuts: a loopback port that relays bytes to
 * the manager port. {@link #cut()} closes every connection through it and refuses new ones, as a dropped link or a
 * firewall rule would; {@link #restore()} accepts again on the same port. A virtual thread per direction of each
 * connection: this is load-test machinery, with one or two connections at a time.
 */
final class ManagerLink implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile ServerSocket listener;

    private ManagerLink(String targetHost, int targetPort, ServerSocket listener) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listener;
        this.port = listener.getLocalPort();
    }

    /** A link on a free loopback port to {@code host:port}, accepting at once. */
    static ManagerLink to(String host, int port) throws IOException {
        ManagerLink link = new ManagerLink(host, port, bind(0));
        link.accept(link.listener);
        return link;
    }

    /** The loopback port the server connects to instead of the manager's. */
    int port() {
        return port;
    }

    /** Closes every connection through the link and refuses new ones until {@link #restore()}. */
    synchronized void cut() throws IOException {
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
    synchronized void restore() throws IOException {
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

    private void accept(ServerSocket on) {
        threads.execute(() -> {
            while (!on.isClosed()) {
                try {
                    Socket client = on.accept();
                    Socket target;
                    try {
                        target = new Socket(targetHost, targetPort);
                    } catch (IOException refused) {
                        // The manager itself is down (Asterisk restarting): the client sees the same refusal.
                        closeQuietly(client);
                        continue;
                    }
                    open.add(client);
                    open.add(target);
                    threads.execute(() -> relay(client, target));
                    threads.execute(() -> relay(target, client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void relay(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // Either side closed, or the link was cut: the other side is closed below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing is all that is wanted.
        }
    }
}
