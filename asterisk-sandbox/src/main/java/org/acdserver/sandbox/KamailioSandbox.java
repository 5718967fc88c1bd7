package org.acdserver.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kamailio in front of sandboxed Asterisk instances, run by {@code scripts/kamailio-sandbox.sh} with
 * {@code config/kamailio/kamailio.cfg}: its dispatcher spreads callers' INVITEs over the instances by weight and
 * probes each with OPTIONS every second. Closing it stops Kamailio; a JVM shutdown hook does the same if the JVM
 * exits first.
 */
public final class KamailioSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KamailioSandbox.class);
    private static final Pattern DEST = Pattern.compile("URI: sip:127\\.0\\.0\\.1:(\\d+)\\s+FLAGS: (\\S+)");

    /** An Asterisk behind Kamailio: its SIP port on 127.0.0.1 and its share of the calls. */
    public record Destination(int sipPort, int weight) {
        public Destination {
            if (weight < 1 || weight > 100) {
                throw new IllegalArgumentException("a dispatcher weight is 1-100, not " + weight);
            }
        }
    }

    private final String name;
    private final int sipPort;
    private final Path script;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private KamailioSandbox(String name, int sipPort, Path script) {
        this.name = name;
        this.sipPort = sipPort;
        this.script = script;
        this.shutdownHook = new Thread(this::stop, "kamailio-sandbox-" + name + "-stop");
    }

    /**
     * Starts Kamailio on a free loopback port in front of the given instances; the name gets
     * {@link AsteriskSandbox#namePrefix()} in front, as the Asterisk sandbox's does.
     */
    public static KamailioSandbox start(String name, List<Destination> asterisks) {
        String full = AsteriskSandbox.namePrefix() + name;
        KamailioSandbox k = new KamailioSandbox(full, AsteriskSandbox.freeUdpPort(),
                AsteriskSandbox.repoRoot().resolve("scripts/kamailio-sandbox.sh"));
        StringBuilder list = new StringBuilder("# set destination flags priority attributes\n");
        for (Destination d : asterisks) {
            list.append("1 sip:127.0.0.1:").append(d.sipPort()).append(" 0 0 weight=").append(d.weight())
                    .append('\n');
        }
        Path file = null;
        try {
            file = Files.createTempFile("acd-dispatcher", ".list");
            Files.writeString(file, list, StandardCharsets.UTF_8);
            k.run("start", full, "--sip-port", Integer.toString(k.sipPort), "--dispatcher", file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the dispatcher list of Kamailio " + full, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", file, e.getMessage());
                }
            }
        }
        Runtime.getRuntime().addShutdownHook(k.shutdownHook);
        LOG.info("Kamailio sandbox {} up on 127.0.0.1:{} in front of {}", full, k.sipPort, asterisks);
        return k;
    }

    /** Where callers send their INVITEs. */
    public int sipPort() {
        return sipPort;
    }

    /**
     * The dispatcher's view of each Asterisk, by SIP port: its flags, {@code A} (active) or {@code I} (inactive)
     * first, then {@code P} while it is probed.
     */
    public Map<Integer, String> states() {
        Map<Integer, String> out = new LinkedHashMap<>();
        Matcher m = DEST.matcher(run("rpc", name, "dispatcher.list"));
        while (m.find()) {
            out.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return out;
    }

    /** Whether the dispatcher sends calls to the Asterisk on this SIP port now. */
    public boolean active(int asteriskSipPort) {
        return states().getOrDefault(asteriskSipPort, "").startsWith("A");
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already running the hooks.
        }
    }

    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run("stop", name);
        } catch (RuntimeException e) {
            LOG.warn("stopping Kamailio sandbox {} failed: {}", name, e.getMessage());
        }
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("kamailio-sandbox", ".out");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish in 120 s");
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("kamailio-sandbox " + args[0] + " " + name + " failed ("
                            + p.exitValue() + "): " + text.trim());
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + script, e);
        }
    }
}
