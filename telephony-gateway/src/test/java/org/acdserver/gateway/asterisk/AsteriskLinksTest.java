package org.acdserver.gateway.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.asterisk.PhoneLocations.Presence;
import org.acdserver.gateway.call.CallRegistry;
import org.acdserver.gateway.config.AsteriskServer;
import org.acdserver.gateway.config.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which server a call lives on, and how a caller reaches an agent whose phone is on another server. */
class AsteriskLinksTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final RoutingConfiguration routing = new RoutingConfiguration(List.of(new QueueDefinition("q", 15, 0)),
            List.of(new AgentDefinition("ann", "PJSIP/1001", List.of("q")),
                    new AgentDefinition("loc", "Local/loc@sim-agent/n", List.of("q"))));

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private AsteriskLinks links(String... names) {
        return new AsteriskLinks(Arrays.stream(names).map(n -> new AsteriskServer(n,
                new ServerSettings.Ami("127.0.0.1", 1, "acd", "x"), null)).toList(), "system,call,user", group,
                new CallRegistry(), routing, (agent, free) -> {
                });
    }

    private static RoutingDecision decision(String callId, String agent, String endpoint) {
        return new RoutingDecision(callId, "q", agent, endpoint, 15, "longest-idle", List.of(agent), 0, 1);
    }

    @Test
    void aCallLivesOnTheServerThatStartsItsUniqueId() {
        try (AsteriskLinks l = links("pbx1", "pbx1-b", "pbx2")) {
            assertThat(l.serverOf("pbx1-1764582115.12")).isEqualTo("pbx1");
            assertThat(l.serverOf("pbx1-b-1764582115.12")).isEqualTo("pbx1-b");
            assertThat(l.serverOf("pbx2-1764582115.3")).isEqualTo("pbx2");
            // An Asterisk without its systemname: taken for the first server.
            assertThat(l.serverOf("1764582115.3")).isEqualTo("pbx1");
        }
        try (AsteriskLinks l = links("only")) {
            assertThat(l.serverOf("1764582115.3")).isEqualTo("only");
        }
    }

    @Test
    void anAgentOnAnotherServerIsDialedThroughThatServersTrunk() {
        try (AsteriskLinks l = links("a", "b")) {
            l.locations().report("a", "ann", Presence.ABSENT);
            l.locations().report("b", "ann", Presence.FREE);
            assertThat(l.reach(decision("a-17.1", "ann", "PJSIP/1001")).endpoint()).isEqualTo("PJSIP/1001@acd-b");
            assertThat(l.reach(decision("b-17.2", "ann", "PJSIP/1001")).endpoint()).isEqualTo("PJSIP/1001");
            // Callbacks are placed from the first server.
            assertThat(l.reachFromHome(decision("cb-1", "ann", "PJSIP/1001")).endpoint())
                    .isEqualTo("PJSIP/1001@acd-b");
            // Local channels exist everywhere: never sent across.
            l.locations().report("a", "loc", Presence.ABSENT);
            l.locations().report("b", "loc", Presence.FREE);
            assertThat(l.reach(decision("a-17.3", "loc", "Local/loc@sim-agent/n")).endpoint())
                    .isEqualTo("Local/loc@sim-agent/n");
        }
    }

    @Test
    void aSingleServerDialsAsConfigured() {
        try (AsteriskLinks l = links("only")) {
            RoutingDecision d = decision("17.1", "ann", "PJSIP/1001");
            assertThat(l.reach(d)).isSameAs(d);
        }
    }
}
