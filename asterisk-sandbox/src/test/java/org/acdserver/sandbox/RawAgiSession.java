package org.acdserver.sandbox;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One caller's FastAGI session on a plain socket, as the sandbox's Asterisk opens it, for tests of Asterisk's own
 * side of the protocol: the request is read, then the test writes commands and reads replies line by line.
 */
record RawAgiSession(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {

    /** Accepts the next session on {@code agi} and reads its request (the {@code agi_*} lines up to the blank one). */
    static RawAgiSession accept(ServerSocket agi) throws Exception {
        Socket s = agi.accept();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            // the request's agi_* lines
        }
        return new RawAgiSession(s, in, s.getOutputStream());
    }

    /** Writes {@code text} in one write: several lines in it reach Asterisk together. */
    void write(String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The next reply line, waiting at most {@code millis}; SocketTimeoutException when none came. */
    String reply(int millis) throws Exception {
        socket.setSoTimeout(millis);
        return in.readLine();
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
