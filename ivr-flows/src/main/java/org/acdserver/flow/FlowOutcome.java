package org.acdserver.flow;

import java.util.List;
import java.util.Map;

/**
 * How a call's walk through a flow ended.
 *
 * @param flow      the flow's name
 * @param path      the steps entered, with the menu keys chosen (for example {@code menu=1}), in order
 * @param lastStep  the step the call was in when it ended
 * @param ending    why it ended
 * @param queued    true if the call reached a queue step
 * @param connected true if an agent talked to the caller
 * @param variables the variables at the end
 * @param survey    survey answers by kind ({@code csat}, {@code nps}, {@code ces}); empty when none were given
 * @param voicemail the message the caller left, or null
 * @param transferredTo where a transfer step sent the call, or null
 */
public record FlowOutcome(String flow, List<String> path, String lastStep, Ending ending, boolean queued,
                          boolean connected, Map<String, String> variables, Map<String, Integer> survey,
                          Recording voicemail, String transferredTo) {

    public FlowOutcome {
        path = List.copyOf(path);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        survey = survey == null ? Map.of() : Map.copyOf(survey);
    }

    /** An outcome with no variables, survey, message or transfer. */
    public FlowOutcome(String flow, List<String> path, String lastStep, Ending ending, boolean queued,
                       boolean connected) {
        this(flow, path, lastStep, ending, queued, connected, Map.of(), Map.of(), null, null);
    }

    /** Why a flow run ended. */
    public enum Ending {
        /** A hang-up step ended the call. */
        COMPLETED,
        /** A transfer step sent the call elsewhere. */
        TRANSFERRED,
        /** The caller hung up. */
        CALLER_HUNG_UP,
        /** The flow ran too many steps without a caller present to drive it, or a channel operation failed. */
        FAILED
    }
}
