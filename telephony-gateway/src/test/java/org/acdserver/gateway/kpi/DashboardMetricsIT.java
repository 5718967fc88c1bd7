package org.acdserver.gateway.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.SharedPostgres;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.sandbox.AsteriskSandbox;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboard in config/grafana queries exists in the server's {@code /metrics}, from the
 * start (before any call: per-queue meters are registered for every configured queue), with the labels the queries
 * select on. The server runs on the repository's configuration and an embedded PostgreSQL, with no Asterisk: the
 * manager link being down is itself something the dashboard shows.
 */
class DashboardMetricsIT {

    private static final Pattern METRIC = Pattern.compile("\\b((?:acd|hikaricp)_[a-z0-9_]+)(\\{[^}]*})?");
    private static final Pattern LABEL = Pattern.compile("(\\w+)\\s*=~?\\s*\"([^\"]*)\"");

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        Path repo = TestRig.repoRoot();
        JsonNode dashboard = new ObjectMapper().readTree(repo.resolve("config/grafana/acd-dashboard.json").toFile());
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> queries.add(t.get("expr").asText())));
        dashboard.get("templating").get("list").forEach(v -> queries.add(v.get("definition").asText()));
        assertThat(queries).hasSizeGreaterThan(15);

        LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(repo.resolve("config"));
        ServerSettings settings = loaded.settings().toBuilder()
                .agi("127.0.0.1", 0)
                .publicHttp("127.0.0.1", 0)
                .adminHttp("127.0.0.1", 0)
                .ami(new ServerSettings.Ami("127.0.0.1", AsteriskSandbox.freePort(), "acd", "nobody-listens"))
                .database(SharedPostgres.freshDatabase(null))
                .build();
        String metrics;
        try (AcdServer server = AcdServer.start(settings, loaded.configuration())) {
            metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.publicPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        List<String> samples = metrics.lines().filter(l -> !l.startsWith("#")).toList();
        Set<String> checked = new TreeSet<>();
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            while (m.find()) {
                String name = m.group(1);
                List<String> labels = new ArrayList<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        // Dashboard variables and regular expressions match anything; fixed values must exist.
                        if (!l.group(2).contains("$") && !l.group(2).contains("*")) {
                            labels.add(l.group(1) + "=\"" + l.group(2) + "\"");
                        }
                    }
                }
                assertThat(samples).as("%s in /metrics, as the dashboard asks for it in %s", name + labels, query)
                        .anyMatch(s -> (s.startsWith(name + "{") || s.startsWith(name + " "))
                                && labels.stream().allMatch(s::contains));
                checked.add(name);
            }
        }
        assertThat(checked).contains("acd_queue_wait_seconds_bucket", "acd_handle_time_seconds_bucket",
                "acd_queue_waiting", "acd_queue_longest_wait_seconds", "acd_queue_agents", "acd_records_spooled_total",
                "acd_records_dropped_total", "acd_ami_connected", "acd_routing_ring_remaining",
                "acd_routing_offer_latency_seconds", "hikaricp_connections_active");
        // Per queue from the start, and the manager link shown as down.
        assertThat(samples).anyMatch(s -> s.startsWith("acd_queue_waiting{") && s.contains("queue=\"support\""));
        assertThat(samples).anyMatch(s -> s.startsWith("acd_ami_connected ") && s.endsWith(" 0.0"));
        assertThat(samples).anyMatch(s -> s.startsWith("acd_records_spooled_total{")
                && s.contains("kind=\"agent-state\""));
        // Waits and handle times are histograms, not client-side summaries: no quantiles computed in the server.
        assertThat(samples).noneMatch(s -> (s.startsWith("acd_queue_wait_seconds") || s.startsWith("acd_handle_time"))
                && s.contains("quantile="));
    }
}
