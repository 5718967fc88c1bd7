package org.acdserver.gateway.ami;

import java.util.List;
import java.util.Map;
import org.acdserver.gateway.device.DeviceName;

/**
 * The state read after a (re)login, so that listeners can correct what they missed while disconnected.
 *
 * @param channels     one {@code CoreShowChannel} event per live channel
 * @param deviceStates device name to state, from {@code DeviceStateList}; empty if Asterisk cannot list them
 * @param reconnect    false for the first login, true after a lost connection
 */
public record AmiResync(List<AmiMessage> channels, Map<String, String> deviceStates, boolean reconnect) {

    private static final String LOCAL = "Local/";

    public AmiResync {
        channels = List.copyOf(channels);
        deviceStates = Map.copyOf(deviceStates);
    }

    /**
     * A device's state as of this resync, or null when unknown. A listed state wins. Asterisk never caches the state
     * of a Local channel's device, so {@code DeviceStateList} cannot name one; its state is then read from the live
     * channels: {@code INUSE} while one of them belongs to the device, {@code NOT_INUSE} otherwise. Without that, a
     * Local agent whose call ended while the link was down would stay busy until its device changed again.
     */
    public String deviceState(String device) {
        String listed = deviceStates.get(device);
        if (listed != null || !device.startsWith(LOCAL)) {
            return listed;
        }
        for (AmiMessage channel : channels) {
            if (device.equals(DeviceName.ofChannel(channel.get("Channel")))) {
                return "INUSE";
            }
        }
        return "NOT_INUSE";
    }
}
