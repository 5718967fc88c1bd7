package org.acdserver.gateway.ami;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The manager link's meters, read from the client's own counters when scraped, so the event loop only increments a
 * field: {@code acd_ami_connected} (1 while logged in, else 0), {@code acd_ami_heartbeat_failures_total} (links
 * declared dead by the heartbeat), {@code acd_ami_reconnects_total} (logins after the first) and
 * {@code acd_ami_events_total} (events Asterisk sent, list items included; divided by the calls served, the
 * manager's cost per call). With several Asterisk servers each link's meters carry the server's name as a tag.
 */
public final class AmiMetrics implements MeterBinder {

    private final AmiClient client;
    private final Tags tags;

    public AmiMetrics(AmiClient client) {
        this(client, Tags.empty());
    }

    /** The link's meters with these tags, such as the Asterisk server's name. */
    public AmiMetrics(AmiClient client, Tags tags) {
        this.client = client;
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("acd.ami.connected", client, c -> c.isConnected() ? 1 : 0)
                .description("1 while logged in to the Asterisk manager, else 0").tags(tags).register(registry);
        FunctionCounter.builder("acd.ami.heartbeat.failures", client, AmiClient::heartbeatFailures)
                .description("manager connections found silent with a Ping unanswered, then replaced")
                .tags(tags).register(registry);
        FunctionCounter.builder("acd.ami.reconnects", client, AmiClient::reconnects)
                .description("logins to the Asterisk manager after the first").tags(tags).register(registry);
        FunctionCounter.builder("acd.ami.events", client, AmiClient::eventsRead)
                .description("events read from the Asterisk manager").tags(tags).register(registry);
    }
}
