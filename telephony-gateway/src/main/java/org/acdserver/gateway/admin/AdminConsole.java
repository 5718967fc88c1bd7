package org.acdserver.gateway.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.http.ConsoleEndpoints;
import org.acdserver.gateway.http.Route;
import org.acdserver.gateway.store.FlowVersions;

/** Puts the admin console together from the server's parts: its flow work and the routes that expose it. */
public final class AdminConsole {

    private AdminConsole() {
    }

    /**
     * The API's routes followed by the console's (its page, files and flow routes), over the active configuration
     * and activating through the server's reload.
     */
    public static List<Route> withConsole(List<Route> api, Supplier<ConfigurationSnapshot> active,
                                          FlowConsole.Reload reload, FlowVersions versions, DataSource dataSource,
                                          AuditTrail audit) {
        List<Route> routes = new ArrayList<>(api);
        routes.addAll(new ConsoleEndpoints(new FlowConsole(active, reload, versions, new FlowHistory(dataSource)),
                audit).routes());
        return routes;
    }
}
