package org.acdserver.gateway.ami;

import java.util.List;
import java.util.Map;

/**
 * The state read after a (re)login, so that listeners can correct what they missed while disconnected.
 *
 * @param channels     one {@code CoreShowChannel} event per live channel
 * @param deviceStates device name to state, from {@code DeviceStateList}; empty if Asterisk cannot list them
 * @param reconnect    false for the first login, true after a lost connection
 */
public record AmiResync(List<AmiMessage> channels, Map<String, String> deviceStates, boolean reconnect) {
    public AmiResync {
        channels = List.copyOf(channels);
        deviceStates = Map.copyOf(deviceStates);
    }
}
