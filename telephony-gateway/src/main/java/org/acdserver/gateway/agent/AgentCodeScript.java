package org.acdserver.gateway.agent;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentStateCause;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingCore;
import org.acdserver.gateway.agi.AgiRequest;
import org.acdserver.gateway.agi.AgiScript;
import org.acdserver.gateway.agi.AgiSession;
import org.acdserver.gateway.config.AgentCodes;
import org.acdserver.gateway.standby.AgentPresence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents change state from their phones by dialing feature codes, which the dialplan sends here as the AGI script
 * {@code agent-codes} with the code as the first argument (see {@code acd-agent-codes} in extensions_acd.conf).
 *
 * <p>The agent is the owner of the phone the call comes from: the agent whose endpoint is the device of the AGI
 * request's channel, which Asterisk itself names ({@code PJSIP/1001-0000002a} belongs to {@code PJSIP/1001}, an
 * endpoint known by the user it authenticated as). The caller ID is never used: a phone puts whatever it likes in its
 * From header, so trusting it would let one agent change another's state. Only a Local channel, which Asterisk
 * creates itself (a test, a tool over the manager), may name the agent, with the channel variable {@code ACD_AGENT}
 * as the second argument. The state change goes to the routing core; the phone hears a confirmation and the call
 * ends.
 */
public final class AgentCodeScript implements AgiScript {

    /** The AGI script name the dialplan uses. */
    public static final String NAME = "agent-codes";

    private static final Logger LOG = LoggerFactory.getLogger(AgentCodeScript.class);

    private final Supplier<AgentCodes> codes;
    private final RoutingCore core;
    /** The active agents by device; rebuilt when a reload brings another configuration. */
    private final Supplier<AgentDevices> devices;
    private final AgentPresence presence;

    /**
     * @param codes   the active feature codes (a reload may change them)
     * @param core    where state changes go
     * @param routing the active agents
     */
    public AgentCodeScript(Supplier<AgentCodes> codes, RoutingCore core, Supplier<RoutingConfiguration> routing) {
        this(codes, core, routing, null);
    }

    /**
     * Feature codes whose state changes are also stored for a standby server.
     *
     * @param presence where agents' choices are stored, or null when no standby needs them
     */
    public AgentCodeScript(Supplier<AgentCodes> codes, RoutingCore core, Supplier<RoutingConfiguration> routing,
                           AgentPresence presence) {
        this.codes = codes;
        this.core = core;
        this.devices = AgentDevices.following(routing);
        this.presence = presence;
    }

    @Override
    public void start(AgiSession session) {
        AgiRequest request = session.request();
        List<String> args = request.arguments();
        String code = !args.isEmpty() && !args.get(0).isBlank() ? args.get(0)
                : request.extension() == null ? "" : request.extension();
        Optional<AgentDefinition> agent = owner(request.channel(), args.size() > 1 ? args.get(1) : "");
        String prompt = agent.map(a -> apply(code, a)).orElse("agent-incorrect");
        if (agent.isEmpty()) {
            LOG.warn("feature code {} from channel {} belongs to no agent's phone", code, request.channel());
        }
        // ACD_DONE: the code was handled here, so the dialplan does not try it on the standby too.
        session.send("ANSWER")
                .thenCompose(r -> session.send("STREAM FILE " + prompt + " \"\""))
                .whenComplete((r, err) -> session.send("SET VARIABLE ACD_DONE 1")
                        .whenComplete((d, e) -> session.close()));
    }

    /** The agent whose phone the channel is; on a Local channel, else the one ACD_AGENT names. */
    Optional<AgentDefinition> owner(String channel, String named) {
        AgentDevices devices = devices();
        Optional<AgentDefinition> owner = devices.byChannel(channel);
        if (owner.isEmpty() && channel != null && channel.startsWith("Local/") && !named.isBlank()) {
            owner = devices.byId(named);
        }
        return owner;
    }

    private AgentDevices devices() {
        return devices.get();
    }

    /** Applies the code for the agent and returns the prompt that confirms it. */
    private String apply(String code, AgentDefinition agent) {
        AgentCodes codes = this.codes.get();
        if (code.equals(codes.login()) || code.equals(codes.ready())) {
            core.agentReady(agent.id(), AgentStateCause.FEATURE_CODE);
            if (presence != null) {
                presence.ready(agent.id());
            }
            LOG.info("agent {} is ready ({})", agent.id(), code);
            return code.equals(codes.login()) ? "agent-loginok" : "beep";
        }
        if (code.equals(codes.logout())) {
            core.agentLoggedOut(agent.id(), AgentStateCause.FEATURE_CODE);
            if (presence != null) {
                presence.loggedOut(agent.id());
            }
            LOG.info("agent {} signed out", agent.id());
            return "agent-loggedoff";
        }
        if (code.startsWith(codes.notReady()) && code.length() <= codes.notReady().length() + 1) {
            String digit = code.substring(codes.notReady().length());
            String reason = digit.isEmpty() ? "break" : codes.reasons().get(digit);
            if (reason == null) {
                return "agent-incorrect";
            }
            core.agentNotReady(agent.id(), reason, AgentStateCause.FEATURE_CODE);
            if (presence != null) {
                presence.notReady(agent.id(), reason);
            }
            LOG.info("agent {} is not ready: {}", agent.id(), reason);
            return "beep";
        }
        return "agent-incorrect";
    }
}
