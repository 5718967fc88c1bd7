package org.acdserver.gateway.call;

import java.time.Clock;
import org.acdserver.core.RoutingCore;
import org.acdserver.gateway.callback.CallbackDesk;
import org.acdserver.gateway.store.InteractionRecorder;

/**
 * The shared services every call uses: the routing core, the registry of queued calls, metrics, records, time, and
 * the callback desk.
 */
public record CallServices(RoutingCore core, CallRegistry registry, CallMetrics metrics, InteractionRecorder recorder,
                           Clock clock, String musicClass, CallbackDesk callbacks) {
}
