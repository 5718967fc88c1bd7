package org.acdserver.gateway.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.acdserver.yaml.YamlNode;

/**
 * Reads the parts of {@code acd.yaml} that say how far the server reaches: the Asterisk servers ({@code asterisks:},
 * a list; the single {@code ami:} section is the one-server form, and its user, secret and heartbeat are the
 * defaults of every list entry) and the active/standby lease ({@code lease:}).
 *
 * <p>Secrets from the environment win over the files: {@code ACD_AMI_SECRET_<NAME>} (the name upper-cased, {@code -}
 * as {@code _}) for one server, else {@code ACD_AMI_SECRET} for all, as for a single server; {@code ACD_AMI_USERNAME}
 * for all.
 */
final class Topology {

    private Topology() {
    }

    /**
     * The Asterisk servers: the {@code asterisks} list when present, else the one manager of {@code ami}.
     *
     * @param single the {@code ami:} section as read, whose user, secret and heartbeat every entry inherits
     */
    static List<AsteriskServer> asterisks(ConfigFile f, ServerSettings.Ami single, UnaryOperator<String> env)
            throws InvalidConfigurationException {
        List<YamlNode> items = f.items(f.root(), "asterisks");
        if (f.root().get("asterisks") != null && items.isEmpty()) {
            throw f.error(f.root().get("asterisks"), "asterisks: list at least one Asterisk server, or leave the"
                    + " key out and use ami: for a single one");
        }
        if (items.isEmpty()) {
            return List.of(AsteriskServer.single(single));
        }
        List<AsteriskServer> servers = new ArrayList<>();
        Map<String, YamlNode> names = new HashMap<>();
        Map<String, YamlNode> managers = new HashMap<>();
        for (YamlNode item : items) {
            if (!(item instanceof YamlNode.Mapping m)) {
                throw f.error(item, "asterisks: each entry must be a mapping {name, host, port, ...}");
            }
            String name = f.text(m, "name", null);
            if (name == null || name.isBlank()) {
                throw f.error(item, "asterisks: this entry has no name (the server's systemname in asterisk.conf)");
            }
            if (names.putIfAbsent(name, item) != null) {
                throw f.error(m.get("name"), "asterisks: two servers are named '" + name + "' (the other at "
                        + f.where(names.get(name)) + ")");
            }
            String host = f.text(m, "host", "127.0.0.1");
            int port = f.integer(m, "port", 5038);
            if (port < 1 || port > 65_535) {
                throw f.error(m.get("port"), "asterisks: port must be 1-65535, not " + port);
            }
            String manager = host + ":" + port;
            if (managers.putIfAbsent(manager, item) != null) {
                throw f.error(item, "asterisks: '" + name + "' has the same manager " + manager + " as the entry at "
                        + f.where(managers.get(manager)));
            }
            String secret = firstSet(env.apply("ACD_AMI_SECRET_" + name.toUpperCase(Locale.ROOT).replace('-', '_')),
                    env.apply("ACD_AMI_SECRET"), f.text(m, "secret", single.secret()));
            String user = firstSet(env.apply("ACD_AMI_USERNAME"), f.text(m, "username", single.username()));
            ServerSettings.Ami ami = new ServerSettings.Ami(host, port, user, secret,
                    seconds(f, m, "heartbeatSeconds", single.heartbeatInterval()),
                    seconds(f, m, "heartbeatTimeoutSeconds", single.heartbeatTimeout()));
            try {
                servers.add(new AsteriskServer(name, ami, f.text(m, "trunk", null)));
            } catch (IllegalArgumentException e) {
                throw f.error(item, "asterisks: " + e.getMessage());
            }
        }
        return servers;
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    /** {@code lease: {enabled, node, seconds, renewSeconds}}; off when absent. */
    static LeaseSettings lease(ConfigFile f) throws InvalidConfigurationException {
        YamlNode.Mapping m = f.mapping(f.root(), "lease");
        if (m == null) {
            return LeaseSettings.OFF;
        }
        Duration duration = seconds(f, m, "seconds", LeaseSettings.DEFAULT_DURATION);
        Duration renewal = seconds(f, m, "renewSeconds", LeaseSettings.DEFAULT_RENEWAL);
        String node = f.text(m, "node", "");
        try {
            return new LeaseSettings(f.flag(m, "enabled", false), node == null || node.isBlank() ? defaultNode()
                    : node, duration, renewal);
        } catch (IllegalArgumentException e) {
            throw f.error(m.get("renewSeconds") != null ? m.get("renewSeconds") : f.root().get("lease"),
                    "lease: " + e.getMessage());
        }
    }

    /** The host name and process id: distinct for two servers, even on one machine. */
    private static String defaultNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    /** An optional positive number of seconds (fractions allowed). */
    static Duration seconds(ConfigFile f, YamlNode.Mapping section, String key, Duration fallback)
            throws InvalidConfigurationException {
        String text = f.text(section, key, null);
        if (text == null) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (!(value > 0)) {
            throw f.error(section.get(key), key + " must be a positive number of seconds, not '" + text + "'");
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
