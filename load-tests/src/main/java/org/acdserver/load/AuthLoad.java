package org.acdserver.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.auth.AuthSettings;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.PasswordHasher;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.sandbox.AsteriskSandbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Concurrent admin sessions against the admin listener: every session logs in at the same instant (a login burst,
 * each with its BCrypt check), then each sends its requests one after another, a view ({@code GET /routing}) and a
 * command that changes state and is audited ({@code POST /callbacks/cancel}, with the session's CSRF token), while
 * one more user logs in again and again (a login under that load). Prints the median, p99 and maximum of each, the
 * audit log's write time as the server measured it, and one password hash's time.
 *
 * <p>The server runs in this process with its embedded PostgreSQL and no Asterisk (nothing here needs one); the
 * traffic goes over loopback HTTP like a browser's. Loops are bounded; the run ends by itself.
 */
@Command(name = "auth-load", mixinStandardHelpOptions = true,
        description = "Login and API latency under concurrent admin sessions.")
public final class AuthLoad implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "load test password";
    /** How long one request may take before it counts as failed. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Option(names = "--sessions", defaultValue = "50", description = "concurrent admin sessions (default 50)")
    int sessions;

    @Option(names = "--requests", defaultValue = "40", description = "requests per session after its login")
    int requests;

    @Option(names = "--hashes", defaultValue = "20", description = "password hashes timed one by one")
    int hashes;

    /** What a run measured, in milliseconds. */
    public record Result(double[] logins, double[] loginsUnderLoad, double[] views, double[] commands,
                         double[] hashes, long auditWrites, double auditMedian, double auditP99, int failures) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AuthLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Result r = run(sessions, requests, hashes);
        System.out.printf("%d sessions x %d requests on %d cores (%s)%n", sessions, requests,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        print("login, all sessions at once", r.logins());
        print("login, one at a time under the load", r.loginsUnderLoad());
        print("GET /routing", r.views());
        print("POST /callbacks/cancel (CSRF, audited)", r.commands());
        System.out.printf("%-40s n=%-5d median %8.2f ms   p99 %8.2f ms%n", "audit write (server timer)",
                r.auditWrites(), r.auditMedian(), r.auditP99());
        print("one BCrypt hash (cost 10, alone)", r.hashes());
        System.out.printf("failed requests: %d%n", r.failures());
        return r.failures() == 0 ? 0 : 1;
    }

    /** Runs the load once and returns what it measured. */
    public static Result run(int sessions, int requests, int hashCount) throws Exception {
        LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(AsteriskSandbox.repoRoot()
                .resolve("config"));
        Path dir = Files.createTempDirectory("acd-auth-load");
        ServerSettings settings = loaded.settings().toBuilder().agi("127.0.0.1", 0).publicHttp("127.0.0.1", 0)
                .adminHttp("127.0.0.1", 0).ami(new ServerSettings.Ami("127.0.0.1", 1, "acd", "unused"))
                .database(ServerSettings.Database.EMBEDDED)
                // Every session logs in from 127.0.0.1; the per-address limit is for guessers, not for this.
                .auth(loaded.settings().auth().withLocalTokenFile(dir.resolve("admin.token"))
                        .withThrottle(new AuthSettings.Throttle(5, 100_000, Duration.ofMinutes(15),
                                Duration.ofSeconds(30), Duration.ofMinutes(15))))
                .build();
        try (AcdServer server = AcdServer.start(settings, loaded.configuration())) {
            Caller local = new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "load");
            for (int i = 0; i <= sessions; i++) {
                server.accounts().users().add(local, new UserAccounts.NewUser("admin" + i, PASSWORD, "admin", null,
                        Set.of())).join();
            }
            String base = "http://127.0.0.1:" + server.adminPort();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            double[] logins = new double[sessions];
            double[] views = new double[sessions * requests];
            double[] commands = new double[sessions * requests];
            // A request never answered keeps NaN and is left out of the figures (it is counted as a failure).
            Arrays.fill(logins, Double.NaN);
            Arrays.fill(views, Double.NaN);
            Arrays.fill(commands, Double.NaN);
            AtomicInteger failures = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch burstDone = new CountDownLatch(sessions);
            List<Double> underLoad = new CopyOnWriteArrayList<>();
            AtomicInteger working = new AtomicInteger(sessions);
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int s = 0; s < sessions; s++) {
                    int session = s;
                    running.add(clients.submit(() -> {
                        go.await();
                        boolean loggedIn = false;
                        try {
                            long t0 = System.nanoTime();
                            HttpResponse<String> login = http.send(post(base + "/login", null, null,
                                    "{\"username\":\"admin" + session + "\",\"password\":\"" + PASSWORD + "\"}"),
                                    HttpResponse.BodyHandlers.ofString());
                            logins[session] = millis(t0);
                            loggedIn = true;
                            burstDone.countDown();
                            if (login.statusCode() != 200) {
                                failures.incrementAndGet();
                                return null;
                            }
                            String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
                            String csrf = JSON.readTree(login.body()).path("csrfToken").asText();
                            for (int i = 0; i < requests; i++) {
                                long t1 = System.nanoTime();
                                HttpResponse<String> view = http.send(HttpRequest.newBuilder(URI.create(base
                                        + "/routing")).header("Cookie", cookie).timeout(TIMEOUT).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                views[session * requests + i] = millis(t1);
                                long t2 = System.nanoTime();
                                HttpResponse<String> command = http.send(post(base + "/callbacks/cancel?id=none-"
                                        + session + "-" + i, cookie, csrf, null), HttpResponse.BodyHandlers.ofString());
                                commands[session * requests + i] = millis(t2);
                                // An unknown callback is not pending: 409 is the command's answer, not a failure.
                                if (view.statusCode() != 200 || command.statusCode() != 409) {
                                    failures.incrementAndGet();
                                }
                            }
                        } catch (IOException e) {
                            // A request that timed out or lost its connection: counted, and this session stops
                            // (its unanswered requests stay unmeasured), so the others and the run still end.
                            failures.incrementAndGet();
                        } finally {
                            if (!loggedIn) {
                                burstDone.countDown();
                            }
                            working.decrementAndGet();
                        }
                        return null;
                    }));
                }
                // One more user logs in, one login after another, while the sessions send their requests.
                running.add(clients.submit(() -> {
                    burstDone.await();
                    while (working.get() > 0) {
                        long t = System.nanoTime();
                        try {
                            HttpResponse<String> login = http.send(post(base + "/login", null, null,
                                    "{\"username\":\"admin" + sessions + "\",\"password\":\"" + PASSWORD
                                            + "\"}"), HttpResponse.BodyHandlers.ofString());
                            underLoad.add(millis(t));
                            if (login.statusCode() != 200) {
                                failures.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
                go.countDown();
                for (Future<?> f : running) {
                    f.get(10, TimeUnit.MINUTES);
                }
            }
            Timer audit = server.meters().get("acd.audit.write").timer();
            double median = Double.NaN;
            double p99 = Double.NaN;
            for (ValueAtPercentile v : audit.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    median = v.value(TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
            double[] hashTimes = new double[hashCount];
            try (PasswordHasher hasher = new PasswordHasher(settings.auth().bcryptCost())) {
                hasher.hashNow(PASSWORD);
                for (int i = 0; i < hashCount; i++) {
                    long t = System.nanoTime();
                    hasher.hashNow(PASSWORD);
                    hashTimes[i] = millis(t);
                }
            }
            double[] loginsUnderLoad = underLoad.stream().mapToDouble(Double::doubleValue).toArray();
            return new Result(answered(logins), loginsUnderLoad, answered(views), answered(commands), hashTimes, audit.count(), median, p99,
                    failures.get());
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static double[] answered(double[] ms) {
        return Arrays.stream(ms).filter(v -> !Double.isNaN(v)).toArray();
    }

    private static HttpRequest post(String url, String cookie, String csrf, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", cookie).header("X-CSRF-Token", csrf);
        }
        return b.build();
    }

    private static double millis(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    /** The value at a percentile (nearest rank) of sorted values. */
    public static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void print(String what, double[] ms) {
        if (ms.length == 0) {
            System.out.printf("%-40s n=0%n", what);
            return;
        }
        System.out.printf("%-40s n=%-5d median %8.2f ms   p99 %8.2f ms   max %8.2f ms%n", what, ms.length,
                percentile(ms, 50), percentile(ms, 99), percentile(ms, 100));
    }
}
