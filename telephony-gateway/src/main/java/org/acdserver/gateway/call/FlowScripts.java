package org.acdserver.gateway.call;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowEnvironment;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.FlowRun;
import org.acdserver.gateway.agi.AgiScript;
import org.acdserver.gateway.agi.AgiScriptResolver;
import org.acdserver.gateway.agi.AgiSession;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.store.VoicemailBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps AGI script names to IVR flows: {@code agi://host/main} runs the flow named {@code main} of the active
 * configuration snapshot. A call keeps the snapshot it started with (its flows, subflows included, schedules and
 * queries) even if a reload replaces it meanwhile.
 */
public final class FlowScripts implements AgiScriptResolver {

    private static final Logger LOG = LoggerFactory.getLogger(FlowScripts.class);

    /** The flow environment of one snapshot version, built once per version rather than once per call. */
    private record Bound(long version, FlowEnvironment environment) {
    }

    private final Supplier<ConfigurationSnapshot> configuration;
    private final Function<ConfigurationSnapshot, FlowEnvironment> environments;
    private final AtomicReference<Bound> bound = new AtomicReference<>(new Bound(-1, null));
    private final CallServices services;
    private final VoicemailBox voicemail;
    private final Function<String, String> resumeAt;
    /** The calls running a flow now, until their record is written. */
    private final Set<AgiCallChannel> live = ConcurrentHashMap.newKeySet();
    /** Set when the server shuts down: a call that starts a flow from then on is handed back at once. */
    private volatile boolean closing;

    /**
     * @param configuration the active snapshot
     * @param environments  what a snapshot's flows run with: its flows and schedules, look-ups of its queries, the
     *                      clock
     * @param services      the shared call services
     * @param voicemail     where messages callers leave are stored, or null to only log them
     */
    public FlowScripts(Supplier<ConfigurationSnapshot> configuration,
                       Function<ConfigurationSnapshot, FlowEnvironment> environments, CallServices services,
                       VoicemailBox voicemail) {
        this(configuration, environments, services, voicemail, callId -> null);
    }

    /**
     * Flow scripts where some calls go on at a step rather than at their flow's start.
     *
     * @param resumeAt by a call's unique id, the step where it goes on (a caller whose place a standby server restored
     *                 after the server that routed it died), or null to start at the beginning
     */
    public FlowScripts(Supplier<ConfigurationSnapshot> configuration,
                       Function<ConfigurationSnapshot, FlowEnvironment> environments, CallServices services,
                       VoicemailBox voicemail, Function<String, String> resumeAt) {
        this.resumeAt = resumeAt;
        this.configuration = configuration;
        this.environments = environments;
        this.services = services;
        this.voicemail = voicemail;
    }

    /** The flow environment of a snapshot, built on the first call of its version. */
    private FlowEnvironment environment(ConfigurationSnapshot snapshot) {
        Bound b = bound.get();
        if (b.version() != snapshot.version()) {
            // Two calls racing here build the same environment twice; either is right.
            b = new Bound(snapshot.version(), environments.apply(snapshot));
            bound.set(b);
        }
        return b.environment();
    }

    /** A new flow environment for a snapshot (its flows, schedules and look-ups), as calls on it run in; not cached. */
    public FlowEnvironment environmentOf(ConfigurationSnapshot snapshot) {
        return environments.apply(snapshot);
    }

    /**
     * The server shuts down: every call running a flow is handed back to the dialplan's fallback, except those
     * talking to an agent (see {@link AgiCallChannel#shutdown()}), and so is every call that starts a flow from now
     * on. Completes once each is handed back with its record written, or talks to an agent. Returns how many calls
     * it asked, with the future.
     */
    public Shutdown handBackAll() {
        closing = true;
        List<AgiCallChannel> calls = List.copyOf(live);
        return new Shutdown(calls.size(), CompletableFuture.allOf(calls.stream().map(AgiCallChannel::shutdown)
                .toArray(CompletableFuture[]::new)));
    }

    /** What {@link #handBackAll} asked: how many calls, and when they are all settled. */
    public record Shutdown(int calls, CompletableFuture<Void> settled) {
    }

    /** Calls running a flow now. */
    public int liveCalls() {
        return live.size();
    }

    /** Completes when every call running a flow now has its record written. */
    public CompletableFuture<Void> allRecorded() {
        return CompletableFuture.allOf(live.stream().map(AgiCallChannel::recorded)
                .toArray(CompletableFuture[]::new));
    }

    @Override
    public Optional<AgiScript> resolve(String scriptName) {
        ConfigurationSnapshot snapshot = configuration.get();
        Flow flow = snapshot.flows().get(scriptName);
        return flow == null ? Optional.empty()
                : Optional.of(session -> run(flow, environment(snapshot), services.pinnedTo(snapshot), session));
    }

    private void run(Flow flow, FlowEnvironment env, CallServices callServices, AgiSession session) {
        callServices.metrics().callsStarted.increment();
        AgiCallChannel channel = new AgiCallChannel(session, callServices);
        Map<String, String> initial = new LinkedHashMap<>();
        var request = session.request();
        initial.put("caller", request.callerIdNum() == null ? "" : request.callerIdNum());
        List<String> args = request.arguments();
        // The dialplan passes the caller and the dialled extension as arguments (see extensions_acd.conf).
        String called = args.size() > 1 ? args.get(1) : request.extension();
        initial.put("called", called == null ? "" : called);
        String step = resumeAt.apply(request.uniqueId());
        if (step != null) {
            LOG.info("call {}: back from a server that stopped; going on at step {} of flow {}", channel.callId(),
                    step, flow.name());
        }
        live.add(channel);
        if (closing) {
            // Accepted just as the server began to shut down: straight back to the dialplan.
            channel.shutdown();
        }
        session.send("ANSWER").whenComplete((r, err) -> startRun(new FlowRun(flow, channel, env, initial,
                session.eventLoop()), step).whenComplete((outcome, failure) -> {
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
                    // ACD_DONE tells the dialplan this call is finished here: a session that ends without it
                    // (this server died or stepped down) is tried on the standby (extensions_acd.conf).
                    session.send("SET VARIABLE ACD_DONE 1").whenComplete((ok, e) -> session.eventLoop().execute(
                            () -> {
                                channel.finish(done);
                                live.remove(channel);
                                session.close();
                            }));
                }));
    }

    private static CompletionStage<FlowOutcome> startRun(FlowRun run, String step) {
        return step == null ? run.start() : run.startAt(step);
    }
}
