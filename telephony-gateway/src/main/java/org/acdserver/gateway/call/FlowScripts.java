package org.acdserver.gateway.call;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowEnvironment;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.FlowRun;
import org.acdserver.flow.Lookups;
import org.acdserver.gateway.agi.AgiScript;
import org.acdserver.gateway.agi.AgiScriptResolver;
import org.acdserver.gateway.agi.AgiSession;
import org.acdserver.gateway.store.VoicemailBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps AGI script names to IVR flows: {@code agi://host/main} runs the flow named {@code main}. The active flows,
 * with the schedules they use, form one version that is swapped atomically; a call keeps the version it started
 * with (subflows included) even if the flows are replaced meanwhile. The version before the active one is kept, so
 * that it can be activated again in one step.
 */
public final class FlowScripts implements AgiScriptResolver {

    private static final Logger LOG = LoggerFactory.getLogger(FlowScripts.class);

    /** The active version and the one before it (null when there is none). */
    private record Versions(FlowEnvironment active, FlowEnvironment previous) {
    }

    private final AtomicReference<Versions> versions;
    private final CallServices services;
    private final VoicemailBox voicemail;

    /** Flows without schedules, look-ups or voicemail storage. */
    public FlowScripts(Map<String, Flow> flows, CallServices services) {
        this(new FlowEnvironment(flows, Map.of(), Lookups.NONE, services.clock()), services, null);
    }

    /**
     * @param env       the flows, schedules and look-ups to start with
     * @param services  the shared call services
     * @param voicemail where messages callers leave are stored, or null to only log them
     */
    public FlowScripts(FlowEnvironment env, CallServices services, VoicemailBox voicemail) {
        this.versions = new AtomicReference<>(new Versions(env, null));
        this.services = services;
        this.voicemail = voicemail;
    }

    /** Activates a new set of flows for calls that start from now on, keeping the schedules. */
    public void replace(Map<String, Flow> newFlows) {
        activate(active().withFlows(newFlows));
    }

    /** Activates a new version (flows and schedules) for calls that start from now on; the active one is kept. */
    public void activate(FlowEnvironment env) {
        versions.updateAndGet(v -> new Versions(env, v.active()));
    }

    /**
     * Activates the version that was active before the current one, which in turn becomes the previous version.
     *
     * @throws IllegalStateException when there is no previous version
     */
    public FlowEnvironment rollback() {
        Versions now = versions.getAndUpdate(v -> v.previous() == null ? v : new Versions(v.previous(), v.active()));
        if (now.previous() == null) {
            throw new IllegalStateException("there is no previous flow version to roll back to");
        }
        return now.previous();
    }

    /** The active version. */
    public FlowEnvironment active() {
        return versions.get().active();
    }

    @Override
    public Optional<AgiScript> resolve(String scriptName) {
        FlowEnvironment env = active();
        Flow flow = env.flows().get(scriptName);
        return flow == null ? Optional.empty() : Optional.of(session -> run(flow, env, session));
    }

    private void run(Flow flow, FlowEnvironment env, AgiSession session) {
        services.metrics().callsStarted.increment();
        AgiCallChannel channel = new AgiCallChannel(session, services);
        Map<String, String> initial = new LinkedHashMap<>();
        var request = session.request();
        initial.put("caller", request.callerIdNum() == null ? "" : request.callerIdNum());
        List<String> args = request.arguments();
        // The dialplan passes the caller and the dialled extension as arguments (see extensions_acd.conf).
        String called = args.size() > 1 ? args.get(1) : request.extension();
        initial.put("called", called == null ? "" : called);
        session.send("ANSWER").whenComplete((r, err) -> new FlowRun(flow, channel, env, initial, session.eventLoop())
                .start().whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        LOG.error("call {}: flow {} failed", channel.callId(), flow.name(), failure);
                        outcome = new FlowOutcome(flow.name(), List.of(), null, FlowOutcome.Ending.FAILED, false,
                                false);
                    } else if (outcome.ending() == FlowOutcome.Ending.FAILED) {
                        LOG.warn("call {}: flow {} stopped at step {}", channel.callId(), flow.name(),
                                outcome.lastStep());
                    }
                    FlowOutcome done = outcome;
                    if (done.voicemail() != null) {
                        if (voicemail != null) {
                            voicemail.store(channel.callId(), initial.get("caller"), done.voicemail());
                        } else {
                            LOG.info("call {}: message for {} recorded as {}", channel.callId(),
                                    done.voicemail().mailbox(), done.voicemail().file());
                        }
                    }
                    session.eventLoop().execute(() -> {
                        channel.finish(done);
                        session.close();
                    });
                }));
    }
}
