package org.acdserver.gateway;

import java.util.ArrayList;
import java.util.List;
import org.acdserver.gateway.audit.Audit;
import org.acdserver.gateway.audit.ConfigurationAudit;
import org.acdserver.gateway.call.FlowScripts;
import org.acdserver.gateway.callback.CallbackDesk;
import org.acdserver.gateway.config.ConfigSection;
import org.acdserver.gateway.desktop.CoreAgentCommands;
import org.acdserver.gateway.http.AgentStateApi;
import org.acdserver.gateway.http.CallbackApi;
import org.acdserver.gateway.http.CallbackCommands;
import org.acdserver.gateway.http.FlowEndpoints;
import org.acdserver.gateway.http.OpenApiEndpoint;
import org.acdserver.gateway.http.Route;
import org.acdserver.gateway.http.SectionEndpoints;
import org.acdserver.gateway.http.VersionEndpoints;

/**
 * The REST API's routes under {@code /api}, wired to what answers them in this server: configuration versions,
 * agents, skills, queues and schedules, flows, callbacks, agents' states, and the OpenAPI document describing them.
 */
final class AdminApi {

    private AdminApi() {
    }

    /** Called while the server starts, once its audit log, accounts, core and callback desk exist. */
    static List<Route> routes(AcdServer server, ConfigurationActivation activation, ConfigurationAudit configAudit,
                              FlowScripts scripts) {
        Audit audit = server.audit();
        List<Route> routes = new ArrayList<>();
        routes.add(OpenApiEndpoint.route());
        routes.addAll(new VersionEndpoints(activation.versions(), activation::activateVersion, configAudit::state,
                audit).routes());
        FileEditor editor = new FileEditor(activation, server::configuration, scripts);
        for (ConfigSection section : ConfigSection.values()) {
            routes.addAll(new SectionEndpoints(section, editor, audit).routes());
        }
        routes.addAll(new FlowEndpoints(editor, server.flowVersions()::history, audit).routes());
        CallbackDesk callbacks = server.callbacks();
        routes.addAll(new CallbackApi(callbacks.store()::list, new CallbackCommands(callbacks::find,
                callbacks::cancel, callbacks::reschedule), () -> server.configuration().routing(), audit).routes());
        routes.addAll(new AgentStateApi(server.core()::snapshot, new CoreAgentCommands(server.core()),
                server.accounts().policy(), () -> server.configuration().routing(), audit).routes());
        return routes;
    }
}
