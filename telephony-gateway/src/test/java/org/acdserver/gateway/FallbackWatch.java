package org.acdserver.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * What a watching manager connection saw of calls leaving: the callers the dialplan's {@code acd-fallback} took in
 * (its AcdFallback user event, by unique id, with the reason) and when each channel hung up (nano time).
 */
final class FallbackWatch implements AmiListener {

    final Map<String, String> fallbacks = new ConcurrentHashMap<>();
    final Map<String, Long> hangups = new ConcurrentHashMap<>();

    @Override
    public void onEvent(AmiMessage e) {
        if ("UserEvent".equals(e.eventName()) && "AcdFallback".equals(e.get("UserEvent"))) {
            fallbacks.put(e.get("Uniqueid"), String.valueOf(e.get("Reason")));
        } else if ("Hangup".equals(e.eventName()) && e.get("Uniqueid") != null) {
            hangups.put(e.get("Uniqueid"), System.nanoTime());
        }
    }
}
