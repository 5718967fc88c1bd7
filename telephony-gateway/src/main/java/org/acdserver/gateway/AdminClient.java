package org.acdserver.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.acdserver.gateway.config.ServerSettings;

/**
 * The command line's side of a running server's admin listener: sends one command, prints the answer's message (or
 * the JSON it returned) and turns the status into an exit code.
 */
final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSettings.Endpoint admin;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newHttpClient();

    AdminClient(ServerSettings.Endpoint admin, PrintStream out, PrintStream err) {
        this.admin = admin;
        this.out = out;
        this.err = err;
    }

    /** Posts a command, e.g. {@code /reload}; 0 when the server answered 200. */
    int post(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Reads a view, e.g. {@code /callbacks?id=...}; 0 when the server answered 200. */
    int get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).GET());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://" + admin.host() + ":" + admin.port() + pathAndQuery));
    }

    private int send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            err.println("no server answers on the admin listener " + admin.host() + ":" + admin.port()
                    + " (is it running, and is http.admin in acd.yaml where it listens?)");
            return 1;
        }
        boolean ok = response.statusCode() == 200;
        (ok ? out : err).println(readable(response.body()));
        return ok ? 0 : 1;
    }

    /** A command's message or refusal as its plain text; any other JSON indented. */
    private static String readable(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject() && node.size() == 1
                    && (node.has("message") || node.has("error"))) {
                return node.elements().next().asText();
            }
            return node == null ? body : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException notJson) {
            return body.strip();
        }
    }
}
