package org.acdserver.gateway.admin;

import java.util.function.Supplier;
import javax.sql.DataSource;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.http.ConsoleEndpoints;
import org.acdserver.gateway.store.FlowVersions;

/** Puts the admin console together from the server's parts: its flow work and the routes that expose it. */
public final class AdminConsole {

    private AdminConsole() {
    }

    /** The console's routes over the active configuration, activating through the server's reload. */
    public static ConsoleEndpoints endpoints(Supplier<ConfigurationSnapshot> active, FlowConsole.Reload reload,
                                             FlowVersions versions, DataSource dataSource, AuditTrail audit) {
        return new ConsoleEndpoints(new FlowConsole(active, reload, versions, new FlowHistory(dataSource)), audit);
    }
}
