package org.acdserver.gateway.ami;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An Originate action: the channel to call, where it goes when it answers (an application, or a dialplan place),
 * preset unique ids, caller id and channel variables. Always sent with {@code Async: true}: the response comes at
 * once and {@code OriginateResponse} follows as an event. Build one with {@link #builder(String)}.
 *
 * <p>Asterisk's Bridge and Redirect look channels up by name prefix, then by unique-id prefix, so preset ids should
 * have a fixed length: {@code agent-0001} would otherwise also match {@code agent-00010}.
 *
 * @param channel        dial string, for example {@code PJSIP/1001} or {@code Local/agent1@sim-agent/n}
 * @param channelId      unique id for the new channel (the {@code ;1} half of a Local channel), or null
 * @param otherChannelId unique id for the {@code ;2} half of a Local channel, or null
 * @param application    application to run on answer (with {@code data}), or null to use context/exten/priority
 * @param data           the application's arguments, or null
 * @param context        dialplan context on answer, or null with an application
 * @param exten          dialplan extension on answer, or null with an application
 * @param priority       dialplan priority on answer
 * @param callerId       caller id to present, or null
 * @param timeoutMillis  how long to ring
 * @param variables      channel variables, in order
 */
public record OriginateRequest(String channel, String channelId, String otherChannelId, String application,
                               String data, String context, String exten, int priority, String callerId,
                               long timeoutMillis, Map<String, String> variables) {

    public OriginateRequest {
        Objects.requireNonNull(channel, "channel");
        if ((application == null) == (context == null || exten == null)) {
            throw new IllegalArgumentException("an Originate goes either to an application or to context and exten");
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("ring timeout must be positive: " + timeoutMillis);
        }
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** Starts a request that rings {@code channel}. */
    public static Builder builder(String channel) {
        return new Builder(channel);
    }

    /** Rings {@code channel} and runs {@code application(data)} when it answers. */
    public static OriginateRequest toApplication(String channel, String channelId, String application, String data,
                                                 long timeoutMillis) {
        return builder(channel).channelId(channelId).application(application, data)
                .timeout(Duration.ofMillis(timeoutMillis)).build();
    }

    /** The same request with one more channel variable. */
    public OriginateRequest withVariable(String name, String value) {
        Map<String, String> vars = new LinkedHashMap<>(variables);
        vars.put(name, value);
        return new OriginateRequest(channel, channelId, otherChannelId, application, data, context, exten, priority,
                callerId, timeoutMillis, vars);
    }

    /** The action as sent. */
    AmiAction toAction() {
        AmiAction a = AmiAction.of("Originate").with("Channel", channel).with("Async", "true")
                .with("Timeout", Long.toString(timeoutMillis));
        if (channelId != null) {
            a.with("ChannelId", channelId);
        }
        if (otherChannelId != null) {
            a.with("OtherChannelId", otherChannelId);
        }
        if (application != null) {
            a.with("Application", application);
            if (data != null) {
                a.with("Data", data);
            }
        } else {
            a.with("Context", context).with("Exten", exten).with("Priority", Integer.toString(priority));
        }
        if (callerId != null) {
            a.with("CallerID", callerId);
        }
        variables.forEach(a::variable);
        return a;
    }

    /** Collects the parts of an Originate; the ring timeout defaults to 30 s. */
    public static final class Builder {
        private final String channel;
        private String channelId;
        private String otherChannelId;
        private String application;
        private String data;
        private String context;
        private String exten;
        private int priority = 1;
        private String callerId;
        private long timeoutMillis = 30_000;
        private final Map<String, String> variables = new LinkedHashMap<>();

        private Builder(String channel) {
            this.channel = channel;
        }

        public Builder channelId(String id) {
            this.channelId = id;
            return this;
        }

        public Builder otherChannelId(String id) {
            this.otherChannelId = id;
            return this;
        }

        public Builder application(String name, String arguments) {
            this.application = name;
            this.data = arguments;
            return this;
        }

        public Builder dialplan(String context, String exten, int priority) {
            this.context = context;
            this.exten = exten;
            this.priority = priority;
            return this;
        }

        public Builder callerId(String callerId) {
            this.callerId = callerId;
            return this;
        }

        public Builder timeout(Duration ring) {
            this.timeoutMillis = ring.toMillis();
            return this;
        }

        public Builder variable(String name, String value) {
            variables.put(name, value);
            return this;
        }

        public OriginateRequest build() {
            return new OriginateRequest(channel, channelId, otherChannelId, application, data, context, exten,
                    priority, callerId, timeoutMillis, variables);
        }
    }
}
