package org.acdserver.gateway.device;

/**
 * The device Asterisk names for a channel or a dial string, the one rule every part uses to tell whose phone a
 * channel is. A channel belongs to the device its name starts with, up to the last '-' ({@code PJSIP/1001-0000002a}
 * is {@code PJSIP/1001}, {@code Local/a1@agents-00000003;2} is {@code Local/a1@agents}). A dial string names its
 * device as it is, but a Local one drops its options ({@code Local/a1@agents/n} is {@code Local/a1@agents}).
 *
 * <p>This package imports nothing else of the server's, so the configuration loader can check devices with the same
 * rule the manager's listeners apply.
 */
public final class DeviceName {

    private static final String LOCAL = "Local/";

    private DeviceName() {
    }

    /** The device a channel belongs to, or null for a name without a '-' after its technology. */
    public static String ofChannel(String channel) {
        if (channel == null) {
            return null;
        }
        int dash = channel.lastIndexOf('-');
        return dash <= channel.indexOf('/') ? null : channel.substring(0, dash);
    }

    /** The device Asterisk reports for a dial string. */
    public static String ofEndpoint(String endpoint) {
        if (endpoint.startsWith(LOCAL)) {
            int slash = endpoint.indexOf('/', LOCAL.length());
            return slash < 0 ? endpoint : endpoint.substring(0, slash);
        }
        return endpoint;
    }
}
