package org.acdserver.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.supervisor.WallboardFeed;

/**
 * The live wallboard's requests: its feed ({@code GET /supervisor/live}, a WebSocket: a snapshot, then changes) and
 * the board as JSON ({@code GET /supervisor/board}). A supervisor sees the queues they supervise and the agents who
 * serve them, nothing else; an admin sees every queue.
 */
public final class WallboardEndpoints {

    private final WallboardFeed feed;

    public WallboardEndpoints(WallboardFeed feed) {
        this.feed = feed;
    }

    /** The queues the user may watch: null for all (an admin). The route lets only admins and supervisors in. */
    private static Set<String> queuesOf(RoutingContext ctx) {
        User user = Caller.of(ctx).user();
        return user.role() == Role.ADMIN ? null : user.queues();
    }

    Handler<ServerWebSocket> live(RoutingContext ctx) {
        Set<String> queues = queuesOf(ctx);
        return socket -> {
            LiveSocket viewer = new LiveSocket(socket);
            socket.closeHandler(v -> feed.leave(viewer));
            feed.join(viewer, queues);
        };
    }

    void show(RoutingContext ctx) {
        Replies.answer(ctx, feed.view(queuesOf(ctx)), board -> Replies.json(ctx, 200, board));
    }
}
