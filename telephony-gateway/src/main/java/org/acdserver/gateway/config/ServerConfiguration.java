package org.acdserver.gateway.config;

import org.acdserver.gateway.callback.CallbackSettings;

import java.nio.file.Path;
import java.util.Map;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.flow.Flow;

/**
 * Everything the server needs to start, loaded and checked from the configuration directory.
 *
 * @param directory the configuration directory it came from
 * @param agi       where the FastAGI server listens
 * @param ami       the Asterisk manager to connect to
 * @param http      where metrics and health are served
 * @param database  the database; an empty URL means embedded
 * @param routing   queues and agents
 * @param flows     IVR flows by name (the AGI script name)
 * @param agentCodes the feature codes agents dial from their phones
 * @param callbacks callback policy by queue id, for the queues that offer callbacks
 */
public record ServerConfiguration(Path directory, Endpoint agi, Ami ami, Endpoint http, Database database,
                                  RoutingConfiguration routing, Map<String, Flow> flows, AgentCodes agentCodes,
                                  Map<String, CallbackSettings> callbacks) {

    public ServerConfiguration {
        callbacks = Map.copyOf(callbacks);
    }

    /**
     * Feature codes agents dial to change state, and the not-ready reasons a digit after the not-ready code picks.
     *
     * @param login    signs in (and makes ready)
     * @param ready    makes ready
     * @param notReady makes not ready; an optional digit after it picks a reason
     * @param logout   signs out
     * @param reasons  reason digit to reason code; without a digit the reason is "break"
     */
    public record AgentCodes(String login, String ready, String notReady, String logout,
                             Map<String, String> reasons) {
        public AgentCodes {
            reasons = Map.copyOf(reasons);
        }

        public static AgentCodes defaults() {
            return new AgentCodes("*41", "*42", "*43", "*44", Map.of("1", "break", "2", "lunch", "3", "training"));
        }
    }

    /** A host and port to bind or connect to. */
    public record Endpoint(String host, int port) {
        public Endpoint withPort(int newPort) {
            return new Endpoint(host, newPort);
        }
    }

    /** Asterisk manager connection. The secret never appears in {@link #toString()}. */
    public record Ami(String host, int port, String username, String secret) {
        @Override
        public String toString() {
            return "Ami[" + username + "@" + host + ":" + port + "]";
        }
    }

    /** Database connection; the password never appears in {@link #toString()}. */
    public record Database(String url, String username, String password) {
        public boolean embedded() {
            return url == null || url.isBlank();
        }

        @Override
        public String toString() {
            return embedded() ? "Database[embedded]" : "Database[" + url + "]";
        }
    }

    public ServerConfiguration withAgi(Endpoint newAgi) {
        return new ServerConfiguration(directory, newAgi, ami, http, database, routing, flows, agentCodes, callbacks);
    }

    public ServerConfiguration withAmi(Ami newAmi) {
        return new ServerConfiguration(directory, agi, newAmi, http, database, routing, flows, agentCodes, callbacks);
    }

    public ServerConfiguration withHttp(Endpoint newHttp) {
        return new ServerConfiguration(directory, agi, ami, newHttp, database, routing, flows, agentCodes, callbacks);
    }

    public ServerConfiguration withDatabase(Database newDatabase) {
        return new ServerConfiguration(directory, agi, ami, http, newDatabase, routing, flows, agentCodes, callbacks);
    }

    public ServerConfiguration withFlows(Map<String, Flow> newFlows) {
        return new ServerConfiguration(directory, agi, ami, http, database, routing, newFlows, agentCodes, callbacks);
    }

    public ServerConfiguration withCallbacks(Map<String, CallbackSettings> newCallbacks) {
        return new ServerConfiguration(directory, agi, ami, http, database, routing, flows, agentCodes, newCallbacks);
    }

    public ServerConfiguration withRouting(RoutingConfiguration newRouting) {
        return new ServerConfiguration(directory, agi, ami, http, database, newRouting, flows, agentCodes, callbacks);
    }
}
