package org.acdserver.core;

/** The core's mutable view of one agent; owned by the routing thread. */
final class RoutedAgent {
    final AgentDefinition definition;
    AgentState state = AgentState.READY;
    String notReadyReason;
    /** When the agent last became free; the longest-idle strategy prefers the smallest. */
    long idleSinceMillis;
    /** When a timed not-ready state (after a ring-no-answer) ends; 0 when not timed. */
    long notReadyUntilMillis;
    /** The call this agent is reserved for or talking to. */
    WaitingCall call;
    /** False while the agent's device is busy or unreachable outside the ACD. */
    boolean deviceAvailable = true;
    long callsTaken;
    /** Total talk time, for the least-talk-time strategy. */
    long talkMillis;
    /** When the current call was answered, to add its talk time when it ends. */
    long answeredAtMillis;
    /** When wrap-up ends; meaningful in {@link AgentState#WRAP_UP}. */
    long wrapUpUntilMillis;

    RoutedAgent(AgentDefinition definition, long nowMillis) {
        this.definition = definition;
        this.idleSinceMillis = nowMillis;
    }

    boolean canTakeCall() {
        return state == AgentState.READY && deviceAvailable;
    }

    /** Whether the agent meets every minimum proficiency the call requires. */
    boolean qualifiesFor(WaitingCall call) {
        for (var required : call.requiredSkills.entrySet()) {
            if (definition.proficiency(required.getKey()) < required.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Sum of the agent's proficiencies in the call's required skills (best-proficiency strategy). */
    int proficiencyFor(WaitingCall call) {
        int sum = 0;
        for (String skill : call.requiredSkills.keySet()) {
            sum += definition.proficiency(skill);
        }
        return sum;
    }
}
