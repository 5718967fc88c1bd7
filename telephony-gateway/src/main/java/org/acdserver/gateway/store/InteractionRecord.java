package org.acdserver.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One call's interaction record: caller, IVR path, queue, agent, times, outcome, survey answers ({@code csat},
 * {@code nps}, {@code ces}), where a transfer sent the call, and how long the agent held the caller (not part of the
 * talk time), and for the leg a transfer from the desktop started, the call id of the leg it came from. Unknown
 * parts are null.
 */
public record InteractionRecord(String callId, String callerNumber, String flow, List<String> ivrPath,
                                String lastStep, String queue, String agent, Instant startedAt, Instant enqueuedAt,
                                Instant answeredAt, Instant endedAt, Double waitSeconds, Double talkSeconds,
                                InteractionOutcome outcome, Map<String, Integer> survey, String transferredTo,
                                Double holdSeconds, String transferredFrom) {
    public InteractionRecord {
        ivrPath = ivrPath == null ? List.of() : List.copyOf(ivrPath);
        survey = survey == null ? Map.of() : Map.copyOf(survey);
    }

    /** A record of a call's first (or only) leg. */
    public InteractionRecord(String callId, String callerNumber, String flow, List<String> ivrPath, String lastStep,
                             String queue, String agent, Instant startedAt, Instant enqueuedAt, Instant answeredAt,
                             Instant endedAt, Double waitSeconds, Double talkSeconds, InteractionOutcome outcome,
                             Map<String, Integer> survey, String transferredTo, Double holdSeconds) {
        this(callId, callerNumber, flow, ivrPath, lastStep, queue, agent, startedAt, enqueuedAt, answeredAt, endedAt,
                waitSeconds, talkSeconds, outcome, survey, transferredTo, holdSeconds, null);
    }

    /** A record without hold time (never held, or never answered). */
    public InteractionRecord(String callId, String callerNumber, String flow, List<String> ivrPath, String lastStep,
                             String queue, String agent, Instant startedAt, Instant enqueuedAt, Instant answeredAt,
                             Instant endedAt, Double waitSeconds, Double talkSeconds, InteractionOutcome outcome,
                             Map<String, Integer> survey, String transferredTo) {
        this(callId, callerNumber, flow, ivrPath, lastStep, queue, agent, startedAt, enqueuedAt, answeredAt, endedAt,
                waitSeconds, talkSeconds, outcome, survey, transferredTo, null);
    }

    /** A record without survey answers or transfer. */
    public InteractionRecord(String callId, String callerNumber, String flow, List<String> ivrPath, String lastStep,
                             String queue, String agent, Instant startedAt, Instant enqueuedAt, Instant answeredAt,
                             Instant endedAt, Double waitSeconds, Double talkSeconds, InteractionOutcome outcome) {
        this(callId, callerNumber, flow, ivrPath, lastStep, queue, agent, startedAt, enqueuedAt, answeredAt, endedAt,
                waitSeconds, talkSeconds, outcome, Map.of(), null);
    }
}
