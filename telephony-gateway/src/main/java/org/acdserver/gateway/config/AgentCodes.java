package org.acdserver.gateway.config;

import java.util.Map;

/**
 * Feature codes agents dial to change state, and the not-ready reasons a digit after the not-ready code picks.
 *
 * @param login    signs in (and makes ready)
 * @param ready    makes ready
 * @param notReady makes not ready; an optional digit after it picks a reason
 * @param logout   signs out
 * @param reasons  reason digit to reason code; without a digit the reason is "break"
 */
public record AgentCodes(String login, String ready, String notReady, String logout, Map<String, String> reasons) {

    public AgentCodes {
        reasons = Map.copyOf(reasons);
    }

    public static AgentCodes defaults() {
        return new AgentCodes("*41", "*42", "*43", "*44", Map.of("1", "break", "2", "lunch", "3", "training"));
    }
}
