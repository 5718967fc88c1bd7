package org.acdserver.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * HTTP requests to the admin listener as a test needs them: with no credentials, a bearer token, or a browser
 * session (its cookie, with or without its CSRF token). Redirects are not followed, so a page's redirect to the login
 * page can be seen.
 */
public final class WebClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a request proves about its sender. */
    public sealed interface Credentials {
    }

    /** Nothing. */
    public record Anonymous() implements Credentials {
    }

    /** A bearer token. */
    public record Bearer(String token) implements Credentials {
    }

    /** A session cookie, and the CSRF token to send on state changes (null to send none). */
    public record Session(String cookie, String csrfToken) implements Credentials {
        public Session withoutCsrf() {
            return new Session(cookie, null);
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public WebClient(String base) {
        this.base = base;
    }

    /** Logs in; the session of the answer's cookie and CSRF token, or an exception naming the status. */
    public Session login(String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = attemptLogin(username, password);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + username + " answered " + r.statusCode() + ": " + r.body());
        }
        String cookie = r.headers().firstValue("set-cookie").orElseThrow();
        return new Session(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')),
                JSON.readTree(r.body()).get("csrfToken").asText());
    }

    /** The raw answer to a login. */
    public HttpResponse<String> attemptLogin(String username, String password)
            throws IOException, InterruptedException {
        return send("POST", "/login", new Anonymous(), Map.of("username", username, "password", password));
    }

    public HttpResponse<String> get(String path, Credentials as) throws IOException, InterruptedException {
        return send("GET", path, as, null);
    }

    /** Sends a request; a non-null body goes as JSON. */
    public HttpResponse<String> send(String method, String path, Credentials as, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        switch (as) {
            case Bearer t -> b.header("Authorization", "Bearer " + t.token());
            case Session s -> {
                b.header("Cookie", "acd_session=" + s.cookie());
                if (s.csrfToken() != null) {
                    b.header("X-CSRF-Token", s.csrfToken());
                }
            }
            case Anonymous a -> {
            }
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON answer's body. */
    public static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }
}
