package org.acdserver.gateway.agi;

import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One call's AGI connection. Commands run one at a time: the next is written when the previous one's reply has
 * arrived. All methods may be called from any thread; futures complete on {@link #eventLoop()}.
 */
public interface AgiSession {

    AgiRequest request();

    EventLoop eventLoop();

    SocketAddress peer();

    /** Sends a command after those already sent; fails if it holds a line break, is too long, or the queue is full. */
    CompletableFuture<AgiReply> send(String command);

    /**
     * Sends a command at once if the outstanding one is {@code WAIT FOR DIGIT}: Asterisk then ends the wait with
     * {@code 200 result=1} and runs this command (a wait sent only moments ago is given a few milliseconds first, and
     * a wait that has not ended a moment after gets a {@code NOOP} line after the command, see {@code AgiConnection}).
     * Otherwise it is the same as {@link #send}.
     */
    CompletableFuture<AgiReply> interruptWith(String command);

    /** Completes when Asterisk reports the caller's hang-up, or when the connection closes. */
    CompletableFuture<Void> hangup();

    boolean hungUp();

    /** Closes the connection, which ends the AGI step in the dialplan. */
    void close();

    /**
     * Hands the call back to the dialplan with a last command, typically {@code SET VARIABLE} of a variable the
     * dialplan checks after {@code AGI()}: commands the script queued are refused at once, and so is every later
     * one (as on a closed session); a running {@code WAIT FOR DIGIT} is cut short, any other running command is let
     * finish; then {@code command} runs, and once Asterisk has answered it the connection closes, so the dialplan
     * goes on after {@code AGI()}. A {@link #close()} meanwhile waits for the hand-back. Completes with true when the
     * command ran on a live channel, false when the channel was gone or the session closed first.
     *
     * <p>This default sends the command after those already sent and then closes; {@code AgiConnection} does the
     * above.
     */
    default CompletableFuture<Boolean> handBack(String command) {
        return send(command).handle((reply, err) -> {
            close();
            return err == null && !reply.channelDead();
        });
    }
}
