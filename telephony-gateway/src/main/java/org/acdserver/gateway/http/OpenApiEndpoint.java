package org.acdserver.gateway.http;

import io.vertx.core.http.HttpHeaders;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3 description of the REST API, written by hand next to the routes
 * ({@code web/api/openapi.json} on the class path); a test checks it against the route table.
 */
public final class OpenApiEndpoint {

    /** Where the document is on the class path. */
    public static final String RESOURCE = "web/api/openapi.json";

    private OpenApiEndpoint() {
    }

    /** The route, for any logged-in user: supervisors and agents use parts of the API too. */
    public static Route route() {
        return Route.get("/api/openapi.json", Access.anyUser(), ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .sendFile(RESOURCE));
    }
}
