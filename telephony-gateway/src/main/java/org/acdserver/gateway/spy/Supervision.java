package org.acdserver.gateway.spy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.OriginateRequest;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.AccessPolicy;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.http.Route;
import org.acdserver.gateway.http.SpyEndpoints;

/**
 * Puts listen, whisper and barge together from the server's parts: the manager link of the Asterisk server the
 * agents' calls are on, who may do what, the audit log and the database; and adds its routes to the table.
 */
public final class Supervision {

    /** How long the supervisor's phone rings before the spy is given up. */
    static final Duration RING = Duration.ofSeconds(30);

    private Supervision() {
    }

    /** {@code api} followed by the spy routes; the spy's event listeners are added to {@code ami}. */
    public static List<Route> withSpying(List<Route> api, AmiClient ami, AccessPolicy policy, AuditTrail audit,
                                         DataSource dataSource, Executor jdbc,
                                         Supplier<ConfigurationSnapshot> active, Clock clock) {
        AgentCalls calls = new AgentCalls(() -> active.get().routing());
        Spying spying = new Spying(new SpyStore(dataSource), new Spying.Line() {
            @Override
            public CompletableFuture<AmiMessage> originate(OriginateRequest request) {
                return ami.originate(request);
            }

            @Override
            public CompletableFuture<AmiMessage> send(AmiAction action) {
                return ami.send(action);
            }
        }, calls, policy, audit, jdbc, clock, RING);
        ami.addListener(calls);
        ami.addListener(spying);
        List<Route> routes = new ArrayList<>(api);
        routes.addAll(new SpyEndpoints(spying).routes());
        return routes;
    }
}
