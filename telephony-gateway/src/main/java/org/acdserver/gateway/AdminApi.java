package org.acdserver.gateway;

import java.util.ArrayList;
import java.util.List;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.audit.ConfigurationAudit;
import java.util.function.Supplier;
import org.acdserver.gateway.call.FlowScripts;
import org.acdserver.gateway.config.ConfigSection;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.http.FlowEndpoints;
import org.acdserver.gateway.http.Route;
import org.acdserver.gateway.http.SectionEndpoints;
import org.acdserver.gateway.http.VersionEndpoints;
import org.acdserver.gateway.store.FlowVersions;

/** The REST API's routes under {@code /api}, wired to what answers them in this server. */
final class AdminApi {

    private AdminApi() {
    }

    static List<Route> routes(ConfigurationActivation activation, ConfigurationAudit configAudit, AuditTrail audit,
                              Supplier<ConfigurationSnapshot> active, FlowScripts scripts, FlowVersions flows) {
        List<Route> routes = new ArrayList<>();
        routes.addAll(new VersionEndpoints(activation.versions(), activation::activateVersion, configAudit::state,
                audit).routes());
        FileEditor editor = new FileEditor(activation, active, scripts);
        for (ConfigSection section : ConfigSection.values()) {
            routes.addAll(new SectionEndpoints(section, editor, audit).routes());
        }
        routes.addAll(new FlowEndpoints(editor, flows::history, audit).routes());
        return routes;
    }
}
