package org.acdserver.gateway.ami;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Originate action: the channel to call, where it goes when it answers (an application or a dialplan place),
 * preset unique ids, and channel variables. Always asynchronous: {@code OriginateResponse} follows as an event.
 *
 * @param channel        dial string, for example {@code PJSIP/1001} or {@code Local/agent1@sim-agent/n}
 * @param channelId      unique id for the new channel (the {@code ;1} half of a Local channel), or null
 * @param otherChannelId unique id for the {@code ;2} half of a Local channel, or null
 * @param application    application to run on answer (with {@code data}), or null to use context/exten/priority
 * @param data           the application's arguments
 * @param context        dialplan context on answer
 * @param exten          dialplan extension on answer
 * @param priority       dialplan priority on answer
 * @param callerId       caller id to present, or null
 * @param timeoutMillis  how long to ring
 * @param variables      channel variables
 */
public record OriginateRequest(String channel, String channelId, String otherChannelId, String application,
                               String data, String context, String exten, int priority, String callerId,
                               long timeoutMillis, Map<String, String> variables) {

    public OriginateRequest {
        variables = Map.copyOf(new LinkedHashMap<>(variables));
    }

    /** Rings {@code channel} and runs {@code application(data)} when it answers. */
    public static OriginateRequest toApplication(String channel, String channelId, String application, String data,
                                                 long timeoutMillis) {
        return new OriginateRequest(channel, channelId, null, application, data, null, null, 1, null,
                timeoutMillis, Map.of());
    }

    /** Rings {@code channel} and sends it to a dialplan place when it answers. */
    public static OriginateRequest toDialplan(String channel, String channelId, String otherChannelId,
                                              String context, String exten, int priority, String callerId,
                                              long timeoutMillis, Map<String, String> variables) {
        return new OriginateRequest(channel, channelId, otherChannelId, null, null, context, exten, priority,
                callerId, timeoutMillis, variables);
    }

    /** The same request with one more channel variable. */
    public OriginateRequest withVariable(String name, String value) {
        Map<String, String> vars = new LinkedHashMap<>(variables);
        vars.put(name, value);
        return new OriginateRequest(channel, channelId, otherChannelId, application, data, context, exten, priority,
                callerId, timeoutMillis, vars);
    }

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
            a.with("Application", application).with("Data", data == null ? "" : data);
        } else {
            a.with("Context", context).with("Exten", exten).with("Priority", Integer.toString(priority));
        }
        if (callerId != null) {
            a.with("CallerID", callerId);
        }
        variables.forEach(a::variable);
        return a;
    }
}
