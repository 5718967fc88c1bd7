package org.acdserver.gateway.call;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.acdserver.core.RoutingCore;
import org.acdserver.gateway.callback.CallbackDesk;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.InteractionRecorder;

/**
 * The shared services every call uses: the routing core, the registry of queued calls, metrics, records, time, and
 * the callback desk, and the agent's channels for call control from the desktop.
 *
 * @param recorder    takes each call's one interaction record; it must not block
 * @param legEndPause how long a caller's session waits after its agent's leg ended before its next step (see
 *                    {@link AgentLeg}); zero goes on at once
 */
public record CallServices(CallRouting routing, CallRegistry registry, CallMetrics metrics,
                           Consumer<InteractionRecord> recorder, Clock clock, String musicClass,
                           CallbackIntake callbacks, AgentChannels channels, Duration legEndPause) {

    public CallServices {
        legEndPause = legEndPause == null ? Duration.ZERO : legEndPause;
    }

    /** The services with no pause after an agent's leg. */
    public CallServices(CallRouting routing, CallRegistry registry, CallMetrics metrics,
                        Consumer<InteractionRecord> recorder, Clock clock, String musicClass,
                        CallbackIntake callbacks, AgentChannels channels) {
        this(routing, registry, metrics, recorder, clock, musicClass, callbacks, channels, Duration.ZERO);
    }

    /** The services without call control from the desktop (no manager connection). */
    public CallServices(CallRouting routing, CallRegistry registry, CallMetrics metrics,
                        Consumer<InteractionRecord> recorder, Clock clock, String musicClass,
                        CallbackIntake callbacks) {
        this(routing, registry, metrics, recorder, clock, musicClass, callbacks, AgentChannels.NONE);
    }

    /** The services over the server's routing core, record writer and callback desk. */
    public CallServices(RoutingCore core, CallRegistry registry, CallMetrics metrics, InteractionRecorder recorder,
                        Clock clock, String musicClass, CallbackDesk callbacks) {
        this(CallRouting.of(core), registry, metrics, recorder::record, clock, musicClass,
                CallbackIntake.of(callbacks), AgentChannels.NONE);
    }

    /** The same services with the callback policies of the snapshot a call starts on. */
    public CallServices pinnedTo(ConfigurationSnapshot snapshot) {
        return new CallServices(routing, registry, metrics, recorder, clock, musicClass,
                callbacks.pinnedTo(snapshot.callbacks()), channels, legEndPause);
    }
}
