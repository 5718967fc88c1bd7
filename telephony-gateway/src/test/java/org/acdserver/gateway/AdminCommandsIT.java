package org.acdserver.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line against a running server, as an operator on the server's machine uses it: with no token given it
 * sends the local token file's, so the first admin can be added with {@code user add}; a token created with
 * {@code token create} then works for {@code reload}; {@code audit} shows what was done.
 */
class AdminCommandsIT {

    private static WebRig rig;
    private static Path config;

    /** What one command printed and returned. */
    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        rig = WebRig.start();
        config = Files.createTempDirectory("acd-cli-config");
        SimulateCommandIT.copyConfig(config);
        Path acd = config.resolve("acd.yaml");
        Files.writeString(acd, Files.readString(acd)
                .replace("admin: {host: 127.0.0.1, port: 8091}", "admin: {host: 127.0.0.1, port: "
                        + rig.server.adminPort() + "}")
                .replace("# localTokenFile: ../data/admin.token", "localTokenFile: "
                        + rig.server.settings().auth().localTokenFile()));
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
        TestRig.deleteTree(config);
    }

    @Test
    void theFirstAdminAndATokenComeFromTheCommandLineAndEveryChangeIsAudited() {
        Run added = run("correct horse battery\n", "user", "add", "ada", "--role", "admin");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("added ada (admin)\n");
        assertThat(run("another fine password\n", "user", "add", "amy", "--role", "agent", "--agent", "agent1")
                .out()).isEqualTo("added amy (agent) agent agent1\n");
        assertThat(run("another fine password\n", "user", "add", "sue", "--role", "supervisor", "--queues",
                "sales,support").out()).isEqualTo("added sue (supervisor) queues sales,support\n");
        Run unknown = run("another fine password\n", "user", "add", "bad", "--role", "agent", "--agent", "nobody");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no agent 'nobody' in agents.yaml");

        assertThat(run("", "user", "list").out()).isEqualTo("""
                ada (admin)
                amy (agent) agent agent1
                sue (supervisor) queues sales,support
                """);
        assertThat(run("", "user", "disable", "amy").out()).isEqualTo("disabled amy (agent) agent agent1 disabled\n");
        assertThat(run("a brand new password\n", "user", "passwd", "sue").exit()).isZero();
        // The phone Sue listens on; a dial string with a dialplan separator is refused, naming the form.
        assertThat(run("", "user", "phone", "sue", "PJSIP/sup1").out()).isEqualTo("sue listens on PJSIP/sup1\n");
        Run badPhone = run("", "user", "phone", "sue", "PJSIP/sup1,B");
        assertThat(badPhone.exit()).isEqualTo(1);
        assertThat(badPhone.err()).contains("not a phone's dial string");

        Run token = run("", "token", "create", "--name", "nightly reload", "--user", "ada", "--days", "30");
        assertThat(token.exit()).as(token.err()).isZero();
        String secret = token.out().strip();
        assertThat(secret).startsWith("acd_");
        assertThat(token.err()).contains("not shown again");
        assertThat(run("", "token", "list").out()).contains("ada " + secret.substring(0, 10) + "... nightly reload")
                .doesNotContain(secret);

        Run reload = run("", "reload", "--token", secret);
        assertThat(reload.exit()).as(reload.err()).isZero();
        // The server runs in this JVM, so its own log lines land in the same output.
        assertThat(reload.out().lines()).anySatisfy(line -> assertThat(line).startsWith("reloaded"));
        Run refused = run("", "reload", "--token", "acd_not-a-token-at-all-xxxxxxxxxxxxxxxxxxxxxxxx");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("log in first").contains("--token");

        Run audit = run("", "audit", "--since", "1h");
        assertThat(audit.exit()).as(audit.err()).isZero();
        assertThat(audit.out()).contains("local (admin) from 127.0.0.1 user_add ada ok")
                .contains("user_disable amy ok").contains("user_password sue ok")
                .contains("local (admin) from 127.0.0.1 token_create").contains("ada (admin) from 127.0.0.1 reload ok");
        assertThat(audit.out().indexOf("user_add ada")).as("oldest first")
                .isLessThan(audit.out().indexOf("token_create"));
        assertThat(run("", "audit", "--user", "ada").out()).contains("reload ok").doesNotContain("user_add");
        assertThat(run("", "audit", "--since", "yesterday").err()).contains("neither an instant");
    }

    private static Run run(String stdin, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            String[] withConfig = new String[args.length + 2];
            System.arraycopy(args, 0, withConfig, 0, args.length);
            withConfig[args.length] = "--config";
            withConfig[args.length + 1] = config.toString();
            int exit = new CommandLine(new Main()).execute(withConfig);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }
}
