package org.acdserver.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingCore;
import org.acdserver.flow.Flow;
import org.acdserver.gateway.call.CallMetrics;
import org.acdserver.gateway.config.ActiveConfiguration;
import org.acdserver.gateway.config.ConfigurationFiles;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.http.ConfigurationEditor;
import org.acdserver.gateway.http.ConfigurationEndpoints;
import org.acdserver.gateway.kpi.QueueGauges;
import org.acdserver.gateway.store.ConfigurationVersions;
import org.acdserver.gateway.store.ConfigurationVersions.Source;
import org.acdserver.gateway.store.FlowVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activates a configuration version in the running server: a reload of the edited files or a rollback of the
 * flows. The parts that keep their own view of queues and agents (the routing core, every manager link's call events
 * and phones' presence, the metrics' service levels and queue gauges) take the new one, the active snapshot is swapped
 * in one step, and the flow versions' audit records who activated what. Each activation whose files differ from the
 * newest stored configuration version stores them as the next one; a stored version can be activated again by
 * writing its files back. Files written for an activation are checked first (see {@link ConfigurationFiles}), so
 * files that would not load are never written. Activations run one at a time.
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
    private final ConfigurationVersions versions;
    private final ConfigurationFiles files;

    ConfigurationActivation(ServerSettings settings, ActiveConfiguration active, RoutingCore core,
                            Consumer<RoutingConfiguration> links, CallMetrics callMetrics,
                            QueueGauges queueGauges, FlowVersions flowVersions, DataSource database) {
        this.settings = settings;
        this.active = active;
        this.core = core;
        this.links = links;
        this.callMetrics = callMetrics;
        this.queueGauges = queueGauges;
        this.flowVersions = flowVersions;
        this.versions = new ConfigurationVersions(database);
        this.files = ConfigurationFiles.of(settings);
    }

    /** What {@code POST /reload} runs: a reload by the requesting user. */
    ConfigurationEndpoints.Activation byUser() {
        return new ConfigurationEndpoints.Activation() {
            @Override
            public String activate() throws InvalidConfigurationException {
                return reload("reload", Source.RELOAD);
            }

            @Override
            public String activate(String actor) throws InvalidConfigurationException {
                return reload(actor, Source.RELOAD);
            }
        };
    }

    /** The files of the configuration, as the versions store them. */
    ConfigurationFiles files() {
        return files;
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
        return reload(who, Source.RELOAD, null);
    }

    synchronized String reload(String who, Source source) throws InvalidConfigurationException {
        return reload(who, source, null);
    }

    /** The reload the file watch asks for. */
    String fileChange() throws InvalidConfigurationException {
        return reload("file change", Source.FILE);
    }

    /** Records the configuration the server started with: its flows' versions and, if changed, its files. */
    void started(Map<String, Flow> flows, String who) {
        recordActivation(flows, who);
        LOG.info("configuration at start-up{}", storeVersion(who, Source.STARTUP, null));
    }

    /** The stored configuration versions. */
    ConfigurationVersions versions() {
        return versions;
    }

    private String reload(String who, Source source, String detail) throws InvalidConfigurationException {
        ConfigurationSnapshot fresh = new ConfigurationLoader().configuration(settings);
        // The core takes its queues and agents first: a call that starts on the new flows is queued after them.
        core.configure(fresh.routing());
        links.accept(fresh.routing());
        ConfigurationSnapshot next = active.activate(fresh);
        callMetrics.useServiceLevels(next.serviceLevels());
        queueGauges.register(next.routing().queuesById().keySet());
        recordActivation(next.flows(), who);
        String report = String.format("reloaded %s: %d queues, %d agents, %d flows (configuration version %d)%s",
                settings.directory(), next.routing().queues().size(), next.routing().agents().size(),
                next.flows().size(), next.version(), storeVersion(who, source, detail));
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

    /**
     * Checks these file changes, writes them (each file atomically) and activates the result as a reload would.
     * Files that would not load are not written, and the running configuration stays.
     *
     * @param changes    relative file name to new text
     * @param replaceAll whether the changes are a whole version (flow files not among them are deleted)
     * @throws InvalidConfigurationException with the files' names, lines and columns; nothing was written
     * @throws IllegalArgumentException      when a name is not a file of the configuration
     */
    synchronized String write(Map<String, String> changes, boolean replaceAll, String who, Source source,
                              String detail) throws InvalidConfigurationException {
        files.check(changes, replaceAll);
        try {
            files.write(changes, replaceAll);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + changes.keySet() + " in " + settings.directory() + ": "
                    + e.getMessage(), e);
        }
        return reload(who, source, detail);
    }

    /**
     * Reads one file, changes its text and, unless the change is null, writes and activates it as {@link #write}
     * does, all under the activation lock, so that no other activation comes between the read and the write.
     */
    synchronized String edit(String file, ConfigurationEditor.TextChange change, String who, String detail)
            throws InvalidConfigurationException {
        String next = change.apply(files.read(file));
        if (next == null) {
            return "nothing to change";
        }
        return write(Map.of(file, next), false, who, Source.API, detail);
    }

    /**
     * Activates a stored configuration version again: its files are checked, written back and reloaded, and the
     * result is stored as a new version (unless it is the newest already).
     *
     * @throws NoSuchElementException when no such version is stored
     */
    synchronized String activateVersion(int number, String who) throws InvalidConfigurationException {
        ConfigurationVersions.Version version;
        try {
            version = versions.read(number).orElseThrow(() -> new NoSuchElementException(
                    "no configuration version " + number + " is stored"));
        } catch (SQLException e) {
            throw new IllegalStateException("reading configuration version " + number + ": " + e.getMessage(), e);
        }
        return write(version.files(), true, who, Source.ROLLBACK, "rollback to version " + number);
    }

    /** Stores the files as they are now as the next version if they changed; a part of the report. */
    String storeVersion(String who, Source source, String detail) {
        try {
            ConfigurationVersions.Recorded r = versions.record(files.read(), who, source, detail);
            if (r.added()) {
                LOG.info("configuration version {} stored ({} by {})", r.version().number(), source.wireName(), who);
                return ", stored as version " + r.version().number();
            }
            return ", files unchanged since stored version " + r.version().number();
        } catch (SQLException | InvalidConfigurationException | RuntimeException e) {
            // The configuration is active either way; only its stored copy is missing.
            LOG.error("configuration version not stored: {}", e.getMessage());
            return ", not stored: " + e.getMessage();
        }
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
