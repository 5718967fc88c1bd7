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
    /** The agent put its call on hold; meaningful in {@link AgentState#ON_CALL}. */
    boolean onHold;
    /** What {@link AgentHistory} reported last, with the not-ready reason; null before the first report. */
    AgentActivity reported;
    String reportedReason;

    RoutedAgent(AgentDefinition definition, long nowMillis) {
        this.definition = definition;
        this.idleSinceMillis = nowMillis;
    }

    /**
     * Takes over the state of the same agent from before a reconfiguration: its availability, its call and its
     * counters, so that a reload never frees a busy agent nor forgets how long one has been idle.
     */
    void carryOver(RoutedAgent old) {
        state = old.state;
        notReadyReason = old.notReadyReason;
        idleSinceMillis = old.idleSinceMillis;
        notReadyUntilMillis = old.notReadyUntilMillis;
        call = old.call;
        deviceAvailable = old.deviceAvailable;
        callsTaken = old.callsTaken;
        talkMillis = old.talkMillis;
        answeredAtMillis = old.answeredAtMillis;
        wrapUpUntilMillis = old.wrapUpUntilMillis;
        onHold = old.onHold;
        reported = old.reported;
        reportedReason = old.reportedReason;
    }

    /** Free for the next call, idle from now; any call, pause or not-ready reason is cleared. */
    void becomeReady(long nowMillis) {
        state = AgentState.READY;
        call = null;
        onHold = false;
        notReadyReason = null;
        notReadyUntilMillis = 0;
        idleSinceMillis = nowMillis;
    }

    /** Not ready for {@code reason}, until {@code untilMillis} (0: until the agent says otherwise). */
    void becomeNotReady(String reason, long untilMillis) {
        state = AgentState.NOT_READY;
        notReadyReason = reason;
        notReadyUntilMillis = untilMillis;
    }

    /** Signed out; only an agent without a call signs out, so there is no call to clear. */
    void signOut() {
        state = AgentState.LOGGED_OUT;
        notReadyReason = null;
        notReadyUntilMillis = 0;
    }

    /** Whether a timed not-ready pause or a wrap-up is over at {@code nowMillis}. */
    boolean breakOver(long nowMillis) {
        boolean pauseOver = state == AgentState.NOT_READY && notReadyUntilMillis != 0
                && notReadyUntilMillis <= nowMillis;
        boolean wrapUpOver = state == AgentState.WRAP_UP && wrapUpUntilMillis <= nowMillis;
        return pauseOver || wrapUpOver;
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
