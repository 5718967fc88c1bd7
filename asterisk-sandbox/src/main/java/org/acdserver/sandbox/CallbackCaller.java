package org.acdserver.sandbox;

/**
 * A simulated caller who asks for a callback while waiting, placed through the Asterisk manager: a Local channel
 * whose far half (the {@code sim-caller-callback} context of the sandbox dialplan) answers, presses the menu keys,
 * presses the callback key 9 a while later, then confirms the number read back two seconds after that, while the
 * near half enters {@code acd-inbound} like a real inbound call.
 *
 * @param number               the caller's number (caller ID), the one read back and called back
 * @param keys                 the menu keys, pressed after {@code keyDelaySeconds}
 * @param keyDelaySeconds      seconds between the call starting and the menu keys
 * @param callbackDelaySeconds seconds between the menu keys and the callback key
 * @param confirmKeys          the keys that confirm the number read back (and may ask for an hour after it)
 * @param holdSeconds          how long the caller stays on the line after confirming, whatever happens
 */
public record CallbackCaller(String number, String keys, int keyDelaySeconds, int callbackDelaySeconds,
                             String confirmKeys, int holdSeconds) {

    /**
     * The manager action that places the call; the near half gets the unique id {@code id + "-a"}, the far half
     * {@code id + "-b"}, as {@link SimulatedCaller#originate} gives them.
     */
    public ManagerAction originate(String id) {
        return ManagerAction.named("Originate")
                .with("Channel", "Local/s@sim-caller-callback/n")
                .with("Context", "acd-inbound")
                .with("Exten", "100")
                .with("Priority", "1")
                .with("CallerID", "\"Caller\" <" + number + ">")
                .with("Async", "true")
                .with("Timeout", "30000")
                .with("ChannelId", id + "-a")
                .with("OtherChannelId", id + "-b")
                .variable("DIGITS", keys)
                .variable("KEY_DELAY", Integer.toString(keyDelaySeconds))
                .variable("CALLBACK_DELAY", Integer.toString(callbackDelaySeconds))
                .variable("CALLBACK_KEYS", "9")
                .variable("CONFIRM_DELAY", "2")
                .variable("CONFIRM_KEYS", confirmKeys)
                .variable("HOLD_SECS", Integer.toString(holdSeconds))
                .build();
    }
}
