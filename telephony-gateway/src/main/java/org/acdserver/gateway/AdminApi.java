package org.acdserver.gateway;

import java.util.ArrayList;
import java.util.List;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.audit.ConfigurationAudit;
import org.acdserver.gateway.http.Route;
import org.acdserver.gateway.http.VersionEndpoints;

/** The REST API's routes under {@code /api}, wired to what answers them in this server. */
final class AdminApi {

    private AdminApi() {
    }

    static List<Route> routes(ConfigurationActivation activation, ConfigurationAudit configAudit, AuditTrail audit) {
        List<Route> routes = new ArrayList<>();
        routes.addAll(new VersionEndpoints(activation.versions(), activation::activateVersion, configAudit::state,
                audit).routes());
        return routes;
    }
}
