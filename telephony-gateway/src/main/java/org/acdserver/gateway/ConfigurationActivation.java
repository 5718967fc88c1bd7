package org.acdserver.gateway;

import java.sql.SQLException;
import java.util.Map;
import java.util.function.Consumer;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingCore;
import org.acdserver.flow.Flow;
import org.acdserver.gateway.call.CallMetrics;
import org.acdserver.gateway.config.ActiveConfiguration;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.kpi.QueueGauges;
import org.acdserver.gateway.store.FlowVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activates a configuration version in the running server: a reload of the edited files or a rollback of the
 * flows. The parts that keep their own view of queues and agents (the routing core, every manager link's call events
 * and phones' presence, the metrics' service levels and queue gauges) take the new one, the active snapshot is swapped
 * in one step, and the flow versions' audit records who activated what. Activations run one at a time.
 */
final class ConfigurationActivation {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationActivation.class);

    private final ServerSettings settings;
    private final ActiveConfiguration active;
    private final RoutingCore core;
    private final Consumer<RoutingConfiguration> links;
    private final CallMetrics callMetrics;
    private final QueueGauges queueGauges;
    private final FlowVersions flowVersions;

    ConfigurationActivation(ServerSettings settings, ActiveConfiguration active, RoutingCore core,
                            Consumer<RoutingConfiguration> links, CallMetrics callMetrics,
                            QueueGauges queueGauges, FlowVersions flowVersions) {
        this.settings = settings;
        this.active = active;
        this.core = core;
        this.links = links;
        this.callMetrics = callMetrics;
        this.queueGauges = queueGauges;
        this.flowVersions = flowVersions;
    }

    /**
     * Reads the configuration directory again and activates it as the next configuration version, replacing the
     * active snapshot in one swap: queues, agents, skills, service levels, callbacks, agent codes, flows, schedules,
     * queries and sound directories. Waiting calls keep their places, agents keep their states, and calls in
     * progress finish on the snapshot they started with. Service-level targets apply to calls that leave their
     * queue from now on. An invalid configuration is rejected with its file, line and column, and the running one
     * stays. The {@link ServerSettings} (listeners, manager, database) are read at start-up only.
     *
     * @param who recorded as the one who activated it
     * @return a one-line report
     * @throws InvalidConfigurationException when the files are invalid
     */
    synchronized String reload(String who) throws InvalidConfigurationException {
        ConfigurationSnapshot fresh = new ConfigurationLoader().configuration(settings);
        // The core takes its queues and agents first: a call that starts on the new flows is queued after them.
        core.configure(fresh.routing());
        links.accept(fresh.routing());
        ConfigurationSnapshot next = active.activate(fresh);
        callMetrics.useServiceLevels(next.serviceLevels());
        queueGauges.register(next.routing().queuesById().keySet());
        recordActivation(next.flows(), who);
        String report = String.format("reloaded %s: %d queues, %d agents, %d flows (configuration version %d)",
                settings.directory(), next.routing().queues().size(), next.routing().agents().size(),
                next.flows().size(), next.version());
        LOG.info(report);
        return report;
    }

    /**
     * Activates the flows that were active before the last activation, as a new configuration version; calls in
     * progress finish on the version they started with. The files are left as they are, so a later reload
     * activates them again.
     *
     * @return a one-line report
     */
    synchronized String rollback() {
        ConfigurationSnapshot back = active.rollbackFlows();
        recordActivation(back.flows(), "rollback");
        StringBuilder report = new StringBuilder("rolled back to the previous flow version:");
        back.flows().values().forEach(f -> report.append(' ').append(f.name()).append('@')
                .append(FlowVersions.hash(f), 0, 12));
        report.append(" (configuration version ").append(back.version()).append(')');
        LOG.info(report.toString());
        return report.toString();
    }

    /** Records that {@code who} activated these flows; the flows are active either way. */
    void recordActivation(Map<String, Flow> flows, String who) {
        try {
            flowVersions.activated(flows.values(), who).forEach(a -> LOG.info("flow {} version {} ({}) activated by {}",
                    a.flow(), a.version(), a.contentHash().substring(0, 12), a.activatedBy()));
        } catch (SQLException e) {
            // Only the audit row is missing.
            LOG.error("flow activation not recorded: {}", e.getMessage());
        }
    }
}
