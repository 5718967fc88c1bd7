package org.acdserver.gateway.http;

import io.vertx.core.http.ServerWebSocket;
import org.acdserver.gateway.desktop.DesktopFeed;
import org.acdserver.gateway.supervisor.WallboardFeed;

/**
 * A page's WebSocket as a feed sees it: messages go out until the socket's write queue is full, and then the feed
 * drops the page, which reconnects and starts again from a snapshot (1013, "try again later"). A socket already
 * closed takes messages silently until the feed hears of the close. The page only listens.
 */
final class LiveSocket implements DesktopFeed.Viewer, WallboardFeed.Viewer {

    private final ServerWebSocket socket;

    LiveSocket(ServerWebSocket socket) {
        this.socket = socket;
        // Anything the page sends is ignored.
        socket.handler(b -> { });
    }

    @Override
    public boolean send(String json) {
        if (socket.isClosed()) {
            return true;
        }
        if (socket.writeQueueFull()) {
            return false;
        }
        socket.writeTextMessage(json);
        return true;
    }

    @Override
    public void close() {
        socket.close((short) 1013, "too slow; reconnect");
    }
}
