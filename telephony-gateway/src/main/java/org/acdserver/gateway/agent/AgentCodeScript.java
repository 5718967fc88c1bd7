package org.acdserver.gateway.agent;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingCore;
import org.acdserver.gateway.agi.AgiScript;
import org.acdserver.gateway.agi.AgiSession;
import org.acdserver.gateway.config.AgentCodes;
import org.acdserver.gateway.standby.AgentPresence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents change state from their softphones by dialing feature codes, which the dialplan sends here as the AGI
 * script {@code agent-codes} with the code, the caller number, the channel name and an optional agent id.
 *
 * <p>The agent is the one whose id the channel variable {@code ACD_AGENT} or the caller number names, or else the
 * one whose endpoint the channel belongs to ({@code PJSIP/1001-0000002a} belongs to {@code PJSIP/1001}). The
 * state change goes to the routing core; the phone hears a confirmation and the call ends.
 */
public final class AgentCodeScript implements AgiScript {

    /** The AGI script name the dialplan uses. */
    public static final String NAME = "agent-codes";

    private static final Logger LOG = LoggerFactory.getLogger(AgentCodeScript.class);

    private final Supplier<AgentCodes> codes;
    private final RoutingCore core;
    private final Supplier<RoutingConfiguration> routing;
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
        this.routing = routing;
        this.presence = presence;
    }

    @Override
    public void start(AgiSession session) {
        List<String> args = session.request().arguments();
        String code = args.isEmpty() ? "" : args.get(0);
        Optional<AgentDefinition> agent = find(args);
        String prompt = agent.map(a -> apply(code, a)).orElse("agent-incorrect");
        if (agent.isEmpty()) {
            LOG.warn("feature code {} from {} names no known agent", code, args.size() > 2 ? args.get(2) : "?");
        }
        session.send("ANSWER")
                .thenCompose(r -> session.send("STREAM FILE " + prompt + " \"\""))
                .whenComplete((r, err) -> session.close());
    }

    /** Applies the code for the agent and returns the prompt that confirms it. */
    private String apply(String code, AgentDefinition agent) {
        AgentCodes codes = this.codes.get();
        if (code.equals(codes.login()) || code.equals(codes.ready())) {
            core.agentReady(agent.id());
            if (presence != null) {
                presence.ready(agent.id());
            }
            LOG.info("agent {} is ready ({})", agent.id(), code);
            return code.equals(codes.login()) ? "agent-loginok" : "beep";
        }
        if (code.equals(codes.logout())) {
            core.agentLoggedOut(agent.id());
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
            core.agentNotReady(agent.id(), reason);
            if (presence != null) {
                presence.notReady(agent.id(), reason);
            }
            LOG.info("agent {} is not ready: {}", agent.id(), reason);
            return "beep";
        }
        return "agent-incorrect";
    }

    private Optional<AgentDefinition> find(List<String> args) {
        String caller = args.size() > 1 ? args.get(1) : "";
        String channel = args.size() > 2 ? args.get(2) : "";
        String hint = args.size() > 3 ? args.get(3) : "";
        List<AgentDefinition> agents = routing.get().agents();
        for (String id : new String[] {hint, caller}) {
            if (!id.isBlank()) {
                for (AgentDefinition a : agents) {
                    if (a.id().equals(id)) {
                        return Optional.of(a);
                    }
                }
            }
        }
        int dash = channel.lastIndexOf('-');
        String device = dash > 0 ? channel.substring(0, dash) : channel;
        for (AgentDefinition a : agents) {
            if (!device.isBlank() && a.endpoint().equals(device)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
