package org.acdserver.gateway.audit;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.http.ConfigurationEndpoints.Activation;
import org.acdserver.gateway.store.FlowVersions;

/**
 * What the audit log records of the active configuration: its version and flows (each by the start of its content
 * hash), as the before and after of a reload or rollback, and the reloads the file watch starts by itself, which no
 * user asked for and which the log names {@code file change}.
 */
public final class ConfigurationAudit {

    private static final int HASH_CHARS = 12;

    private final Supplier<ConfigurationSnapshot> active;
    private final AuditTrail audit;

    /**
     * @param active the active configuration
     * @param audit  where entries go
     */
    public ConfigurationAudit(Supplier<ConfigurationSnapshot> active, AuditTrail audit) {
        this.active = active;
        this.audit = audit;
    }

    /** The active configuration's version and flows, as an audit entry's before or after. */
    public Map<String, Object> state() {
        ConfigurationSnapshot now = active.get();
        Map<String, String> flows = new TreeMap<>();
        now.flows().values().forEach(f -> flows.put(f.name(), FlowVersions.hash(f).substring(0, HASH_CHARS)));
        return Map.of("version", now.version(), "flows", flows);
    }

    /** Runs a reload the file watch asked for and audits it, whether it worked or not; not waited for. */
    public String fileChange(Activation reload) throws InvalidConfigurationException {
        AuditEntry entry = AuditEntry.by("file change", "reload").withBefore(state());
        try {
            String report = reload.activate();
            audit.record(entry.withAfter(state()).withDetail(report));
            return report;
        } catch (InvalidConfigurationException | RuntimeException e) {
            audit.record(entry.failed(e.getMessage()));
            throw e;
        }
    }
}
