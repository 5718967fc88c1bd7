package org.acdserver.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acd-server token create|list|revoke}: API tokens of the running server. A new token's secret is printed
 * once, on its own line, for a script to keep; the server stores only its hash.
 */
@Command(name = "token", description = "Create, list or revoke API tokens of the running server.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Creates a token. */
    @Command(name = "create", description = "Create a token; its secret is printed once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Option(names = "--name", required = true, description = "what the token is for")
        String name;

        @Option(names = "--user", description = "whose token (admins only; needed with the local token)")
        String user;

        @Option(names = "--days", description = "how many days it lives (default auth.tokenDays)")
        Integer days;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("user", user);
            body.put("days", days);
            AdminClient client = admin.client();
            AdminClient.Answer answer = client.send("POST", "/tokens", body);
            if (!answer.ok()) {
                return client.print(answer);
            }
            JsonNode t = answer.json();
            System.err.printf("token %d for %s (%s), expires %s; keep it now, it is not shown again:%n",
                    t.path("id").asLong(), t.path("user").asText(), t.path("name").asText(),
                    t.path("expiresAt").asText());
            System.out.println(t.path("token").asText());
            return 0;
        }
    }

    /** Lists tokens. */
    @Command(name = "list", description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() throws Exception {
            AdminClient client = admin.client();
            AdminClient.Answer answer = client.send("GET", "/tokens", null);
            if (!answer.ok()) {
                return client.print(answer);
            }
            for (JsonNode t : answer.json()) {
                System.out.printf("%d %s %s... %s expires %s%s%n", t.path("id").asLong(), t.path("user").asText(),
                        t.path("prefix").asText(), t.path("name").asText(), t.path("expiresAt").asText(),
                        t.path("revokedAt").isNull() ? "" : " revoked " + t.path("revokedAt").asText());
            }
            return 0;
        }
    }

    /** Revokes a token. */
    @Command(name = "revoke", description = "Revoke a token by its id.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(index = "0", description = "the token's id (see token list)")
        long id;

        @Override
        public Integer call() throws Exception {
            AdminClient client = admin.client();
            AdminClient.Answer answer = client.send("DELETE", "/tokens/" + id, null);
            if (!answer.ok()) {
                return client.print(answer);
            }
            System.out.println("revoked token " + id);
            return 0;
        }
    }
}
