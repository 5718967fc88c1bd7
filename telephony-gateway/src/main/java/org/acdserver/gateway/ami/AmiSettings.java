package org.acdserver.gateway.ami;

import java.time.Duration;

/**
 * How to reach and log in to an Asterisk manager, and how patiently. The secret never appears in
 * {@link #toString()}.
 */
public record AmiSettings(String host, int port, String username, String secret, Duration connectTimeout,
                          Duration actionTimeout, Duration minBackoff, Duration maxBackoff) {
    @Override
    public String toString() {
        return "AmiSettings[" + username + "@" + host + ":" + port + "]";
    }
}
