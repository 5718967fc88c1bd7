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
 * The command line's side of a running server's admin listener: sends one command with the admin token, prints the
 * answer's message (or the JSON it returned) and turns the status into an exit code.
 */
final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A server's answer: its status and body; status 0 when no server answered. */
    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() throws JsonProcessingException {
            return JSON.readTree(body);
        }
    }

    private final ServerSettings.Endpoint admin;
    private final String token;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param token the bearer token to send (see {@link AdminOptions}); null sends none, and the server refuses
     */
    AdminClient(ServerSettings.Endpoint admin, String token, PrintStream out, PrintStream err) {
        this.admin = admin;
        this.token = token;
        this.out = out;
        this.err = err;
    }

    /** Posts a command, e.g. {@code /reload}; 0 when the server answered 2xx. */
    int post(String pathAndQuery) throws IOException, InterruptedException {
        return print(send("POST", pathAndQuery, null));
    }

    /** Reads a view, e.g. {@code /callbacks?id=...}; 0 when the server answered 2xx. */
    int get(String pathAndQuery) throws IOException, InterruptedException {
        return print(send("GET", pathAndQuery, null));
    }

    /** Sends a request with an optional JSON body; a server that does not answer is reported and gives status 0. */
    Answer send(String method, String pathAndQuery, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + admin.host() + ":" + admin.port()
                + pathAndQuery)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            err.println("no server answers on the admin listener " + admin.host() + ":" + admin.port()
                    + " (is it running, and is http.admin in acd.yaml where it listens?)");
            return new Answer(0, "");
        }
    }

    /** Prints an answer's message, refusal or JSON; 0 for a 2xx answer. */
    int print(Answer answer) {
        if (answer.status() == 0) {
            return 1;
        }
        (answer.ok() ? out : err).println(readable(answer.body()));
        if (answer.status() == 401) {
            err.println("the server wants an admin token: pass --token, set ACD_TOKEN, or run this on the server's"
                    + " machine as the server's user (auth.localTokenFile)");
        }
        return answer.ok() ? 0 : 1;
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
