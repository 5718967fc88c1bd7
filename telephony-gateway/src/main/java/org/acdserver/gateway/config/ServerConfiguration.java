package org.acdserver.gateway.config;

import java.nio.file.Path;
import java.util.Map;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.flow.Flow;
import org.acdserver.gateway.callback.CallbackSettings;

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
 * @param flowResources schedules, named queries and sound directories the flows use
 * @param flowsDirectory where the flow files are
 * @param watchFiles  whether a change of the configuration files activates them without a command
 * @param serviceLevels queue id to its service-level target (queues without one use 80% in 20 s)
 * @param callbacks callback policy by queue id, for the queues that offer callbacks
 */
public record ServerConfiguration(Path directory, Endpoint agi, Ami ami, Endpoint http, Database database,
                                  RoutingConfiguration routing, Map<String, Flow> flows, AgentCodes agentCodes,
                                  FlowResources flowResources, Path flowsDirectory, boolean watchFiles,
                                  Map<String, ServiceLevelTarget> serviceLevels,
                                  Map<String, CallbackSettings> callbacks) {

    public ServerConfiguration {
        flowResources = flowResources == null ? FlowResources.NONE : flowResources;
        flowsDirectory = flowsDirectory == null ? directory.resolve("flows") : flowsDirectory;
        serviceLevels = serviceLevels == null ? Map.of() : Map.copyOf(serviceLevels);
        callbacks = callbacks == null ? Map.of() : Map.copyOf(callbacks);
    }

    /** The service-level target of a queue. */
    public ServiceLevelTarget serviceLevel(String queue) {
        return serviceLevels.getOrDefault(queue, ServiceLevelTarget.DEFAULT);
    }

    /** A configuration whose flows use no schedules, queries or sound check. */
    public ServerConfiguration(Path directory, Endpoint agi, Ami ami, Endpoint http, Database database,
                               RoutingConfiguration routing, Map<String, Flow> flows, AgentCodes agentCodes) {
        this(directory, agi, ami, http, database, routing, flows, agentCodes, FlowResources.NONE, null, false, Map.of(), Map.of());
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

    /**
     * Database connection; the password never appears in {@link #toString()}.
     *
     * @param dataDirectory  the embedded PostgreSQL's data directory; null for a temporary one, deleted on close
     * @param spoolDirectory where records wait while the database is away; null keeps them in memory only
     */
    public record Database(String url, String username, String password, Path dataDirectory, Path spoolDirectory) {
        /** A connection with no data directory of its own: a temporary embedded database, records spooled in memory. */
        public Database(String url, String username, String password) {
            this(url, username, password, null, null);
        }

        public boolean embedded() {
            return url == null || url.isBlank();
        }

        @Override
        public String toString() {
            return embedded() ? "Database[embedded, " + (dataDirectory == null ? "temporary" : dataDirectory) + "]"
                    : "Database[" + url + "]";
        }
    }

    public ServerConfiguration withAgi(Endpoint newAgi) {
        return new ServerConfiguration(directory, newAgi, ami, http, database, routing,
                flows, agentCodes, flowResources, flowsDirectory, watchFiles, serviceLevels, callbacks);
    }

    public ServerConfiguration withAmi(Ami newAmi) {
        return new ServerConfiguration(directory, agi, newAmi, http, database, routing,
                flows, agentCodes, flowResources, flowsDirectory, watchFiles, serviceLevels, callbacks);
    }

    public ServerConfiguration withHttp(Endpoint newHttp) {
        return new ServerConfiguration(directory, agi, ami, newHttp, database, routing,
                flows, agentCodes, flowResources, flowsDirectory, watchFiles, serviceLevels, callbacks);
    }

    public ServerConfiguration withDatabase(Database newDatabase) {
        return new ServerConfiguration(directory, agi, ami, http, newDatabase, routing,
                flows, agentCodes, flowResources, flowsDirectory, watchFiles, serviceLevels, callbacks);
    }

    public ServerConfiguration withFlows(Map<String, Flow> newFlows) {
        return new ServerConfiguration(directory, agi, ami, http, database, routing,
                newFlows, agentCodes, flowResources, flowsDirectory, watchFiles, serviceLevels, callbacks);
    }

    public ServerConfiguration withFlowResources(FlowResources newResources) {
        return new ServerConfiguration(directory, agi, ami, http, database, routing,
                flows, agentCodes, newResources, flowsDirectory, watchFiles, serviceLevels, callbacks);
    }

    public ServerConfiguration withWatchFiles(boolean watch) {
        return new ServerConfiguration(directory, agi, ami, http, database, routing,
                flows, agentCodes, flowResources, flowsDirectory, watch, serviceLevels, callbacks);
    }

    public ServerConfiguration withRouting(RoutingConfiguration newRouting) {
        return new ServerConfiguration(directory, agi, ami, http, database, newRouting,
                flows, agentCodes, flowResources, flowsDirectory, watchFiles, serviceLevels, callbacks);
    }

    public ServerConfiguration withServiceLevels(Map<String, ServiceLevelTarget> newServiceLevels) {
        return new ServerConfiguration(directory, agi, ami, http, database, routing,
                flows, agentCodes, flowResources, flowsDirectory, watchFiles, newServiceLevels, callbacks);
    }

    public ServerConfiguration withCallbacks(Map<String, CallbackSettings> newCallbacks) {
        return new ServerConfiguration(directory, agi, ami, http, database, routing,
                flows, agentCodes, flowResources, flowsDirectory, watchFiles, serviceLevels, newCallbacks);
    }
}
