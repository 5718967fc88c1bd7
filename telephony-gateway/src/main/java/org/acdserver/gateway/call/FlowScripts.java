package org.acdserver.gateway.call;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.FlowRun;
import org.acdserver.gateway.agi.AgiScript;
import org.acdserver.gateway.agi.AgiScriptResolver;
import org.acdserver.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps AGI script names to IVR flows: {@code agi://host/main} runs the flow named {@code main}. A call keeps the flow
 * version it started with even if the flows are replaced meanwhile.
 */
public final class FlowScripts implements AgiScriptResolver {

    private static final Logger LOG = LoggerFactory.getLogger(FlowScripts.class);

    private final AtomicReference<Map<String, Flow>> flows;
    private final CallServices services;

    public FlowScripts(Map<String, Flow> flows, CallServices services) {
        this.flows = new AtomicReference<>(Map.copyOf(flows));
        this.services = services;
    }

    /** Activates a new set of flows for calls that start from now on. */
    public void replace(Map<String, Flow> newFlows) {
        flows.set(Map.copyOf(newFlows));
    }

    @Override
    public Optional<AgiScript> resolve(String scriptName) {
        Flow flow = flows.get().get(scriptName);
        return flow == null ? Optional.empty() : Optional.of(session -> run(flow, session));
    }

    private void run(Flow flow, AgiSession session) {
        services.metrics().callsStarted.increment();
        AgiCallChannel channel = new AgiCallChannel(session, services);
        session.send("ANSWER").whenComplete((r, err) -> new FlowRun(flow, channel).start()
                .whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        LOG.error("call {}: flow {} failed", channel.callId(), flow.name(), failure);
                        outcome = new FlowOutcome(flow.name(), java.util.List.of(), null,
                                FlowOutcome.Ending.FAILED, false, false);
                    } else if (outcome.ending() == FlowOutcome.Ending.FAILED) {
                        LOG.warn("call {}: flow {} stopped at step {}", channel.callId(), flow.name(),
                                outcome.lastStep());
                    }
                    FlowOutcome done = outcome;
                    session.eventLoop().execute(() -> {
                        channel.finish(done);
                        session.close();
                    });
                }));
    }
}
