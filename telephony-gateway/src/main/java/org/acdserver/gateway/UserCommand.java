package org.acdserver.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acd-server user add|list|passwd|disable|enable|phone}: the running server's users, through its admin listener
 * (so every change is validated against the active agents and queues, and audited). The first admin is added this
 * way on the server's machine, with the local token file, or from ACD_ADMIN_USER and ACD_ADMIN_PASSWORD at start.
 * Passwords are asked for on the terminal (twice), or read as one line from standard input when there is none;
 * they are never command-line arguments, which other users could read.
 */
@Command(name = "user", description = "Add, list, change or disable the running server's users.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Passwd.class,
                UserCommand.Disable.class, UserCommand.Enable.class, UserCommand.Phone.class})
final class UserCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Adds a user. */
    @Command(name = "add", description = "Add a user; the password is asked for.")
    static final class Add implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(index = "0", description = "the username")
        String username;

        @Option(names = "--role", required = true, description = "admin, supervisor or agent")
        String role;

        @Option(names = "--agent", description = "for an agent user: the agent of agents.yaml it is")
        String agent;

        @Option(names = "--queues", split = ",", description = "for a supervisor: the queues they supervise")
        List<String> queues;

        @Override
        public Integer call() throws Exception {
            String password = password("password for " + username);
            if (password == null) {
                return 2;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username", username);
            body.put("password", password);
            body.put("role", role);
            body.put("agent", agent);
            body.put("queues", queues == null ? List.of() : queues);
            AdminClient client = admin.client();
            AdminClient.Answer answer = client.send("POST", "/users", body);
            if (!answer.ok()) {
                return client.print(answer);
            }
            System.out.println("added " + describe(answer.json()));
            return 0;
        }
    }

    /** Lists users. */
    @Command(name = "list", description = "List the users.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() throws Exception {
            AdminClient client = admin.client();
            AdminClient.Answer answer = client.send("GET", "/users", null);
            if (!answer.ok()) {
                return client.print(answer);
            }
            for (JsonNode user : answer.json()) {
                System.out.println(describe(user));
            }
            return 0;
        }
    }

    /** Sets a user's password. */
    @Command(name = "passwd", description = "Set a user's password (ends their sessions); it is asked for.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(index = "0", description = "the username")
        String username;

        @Override
        public Integer call() throws Exception {
            String password = password("new password for " + username);
            if (password == null) {
                return 2;
            }
            return admin.client().print(admin.client().send("POST", "/users/" + path(username) + "/password",
                    Map.of("password", password)));
        }
    }

    /** Disables a user. */
    @Command(name = "disable", description = "Disable a user: their sessions end and their tokens are refused.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(index = "0", description = "the username")
        String username;

        @Override
        public Integer call() throws Exception {
            return switchUser(admin, username, "disable");
        }
    }

    /** Enables a disabled user again. */
    @Command(name = "enable", description = "Enable a disabled user again.")
    static final class Enable implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(index = "0", description = "the username")
        String username;

        @Override
        public Integer call() throws Exception {
            return switchUser(admin, username, "enable");
        }
    }

    /** Sets the phone a supervisor listens on. */
    @Command(name = "phone", description = "Set the phone a supervisor listens, whispers and barges on"
            + " (a dial string such as PJSIP/sup1).")
    static final class Phone implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(index = "0", description = "the username")
        String username;

        @Parameters(index = "1", description = "the phone's dial string, e.g. PJSIP/sup1")
        String phone;

        @Override
        public Integer call() throws Exception {
            AdminClient client = admin.client();
            AdminClient.Answer answer = client.send("POST", "/users/" + path(username) + "/phone",
                    Map.of("phone", phone));
            if (!answer.ok()) {
                return client.print(answer);
            }
            System.out.println(username + " listens on " + answer.json().path("phone").asText());
            return 0;
        }
    }

    private static int switchUser(AdminOptions admin, String username, String what) throws Exception {
        AdminClient client = admin.client();
        AdminClient.Answer answer = client.send("POST", "/users/" + path(username) + "/" + what, null);
        if (!answer.ok()) {
            return client.print(answer);
        }
        System.out.println(what + "d " + describe(answer.json()));
        return 0;
    }

    /** One line for a user: name, role, agent or queues, disabled. */
    static String describe(JsonNode user) {
        StringBuilder line = new StringBuilder(user.path("username").asText()).append(" (")
                .append(user.path("role").asText()).append(')');
        if (!user.path("agentId").isNull() && !user.path("agentId").isMissingNode()) {
            line.append(" agent ").append(user.path("agentId").asText());
        }
        if (user.path("queues").size() > 0) {
            List<String> queues = new ArrayList<>();
            user.path("queues").forEach(q -> queues.add(q.asText()));
            line.append(" queues ").append(String.join(",", queues));
        }
        if (user.path("disabled").asBoolean()) {
            line.append(" disabled");
        }
        return line.toString();
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A password from the terminal, typed twice, or one line of standard input; null when they differ. */
    static String password(String prompt) throws IOException {
        Console console = System.console();
        if (console == null) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        }
        char[] first = console.readPassword("%s: ", prompt);
        char[] again = console.readPassword("again: ");
        try {
            if (first == null || !Arrays.equals(first, again)) {
                System.err.println("the two passwords differ");
                return null;
            }
            return new String(first);
        } finally {
            if (first != null) {
                Arrays.fill(first, ' ');
            }
            if (again != null) {
                Arrays.fill(again, ' ');
            }
        }
    }
}
