package org.acdserver.sandbox;

import java.util.Map;

/**
 * A simulated caller placed into the IVR through the Asterisk manager: a Local channel whose far half (the
 * {@code sim-caller} context of the sandbox dialplan) answers, presses keys and holds, while the near half enters
 * {@code acd-inbound} like a real inbound call.
 *
 * @param number       the caller's number (caller ID)
 * @param keys         keys pressed after {@code keyDelaySeconds}, empty for none
 * @param keyDelaySeconds seconds between the call starting and the keys
 * @param holdSeconds  how long the caller stays on the line after the keys, whatever happens
 * @param talkSeconds  how long the agent who answers talks before hanging up
 * @param flow         the IVR flow to run (the dialplan's {@code ACD_FLOW}), or null for {@code main}
 */
public record SimulatedCaller(String number, String keys, int keyDelaySeconds, int holdSeconds, int talkSeconds,
                              String flow) {

    /** A caller of the main flow. */
    public SimulatedCaller(String number, String keys, int keyDelaySeconds, int holdSeconds, int talkSeconds) {
        this(number, keys, keyDelaySeconds, holdSeconds, talkSeconds, null);
    }

    /**
     * The manager action that places the call. The near half, which the server sees as the caller, gets the unique
     * id {@code id + "-a"}; the far half gets {@code id + "-b"}. Both have the same length, so neither id is a prefix
     * of another.
     */
    public ManagerAction originate(String id) {
        return builder(id, "acd-inbound", "100").build();
    }

    /**
     * The manager action that places the call into another dialplan {@code context} at {@code exten}, such as
     * {@code sim-native-ivr}, with the channel variables in {@code variables} set on its near half too.
     */
    public ManagerAction originate(String id, String context, String exten, Map<String, String> variables) {
        ManagerAction.Builder originate = builder(id, context, exten);
        variables.forEach(originate::variable);
        return originate.build();
    }

    private ManagerAction.Builder builder(String id, String context, String exten) {
        ManagerAction.Builder originate = ManagerAction.named("Originate")
                .with("Channel", "Local/s@sim-caller/n")
                .with("Context", context)
                .with("Exten", exten)
                .with("Priority", "1")
                .with("CallerID", "\"Caller " + number + "\" <" + number + ">")
                .with("Async", "true")
                .with("Timeout", "30000")
                .with("ChannelId", id + "-a")
                .with("OtherChannelId", id + "-b")
                .variable("DIGITS", keys)
                .variable("KEY_DELAY", Integer.toString(keyDelaySeconds))
                .variable("HOLD_SECS", Integer.toString(holdSeconds))
                // Two underscores: inherited by the agent leg the caller's channel dials.
                .variable("__TALK_SECS", Integer.toString(talkSeconds));
        if (flow != null) {
            originate.variable("ACD_FLOW", flow);
        }
        return originate;
    }
}
