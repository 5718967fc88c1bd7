package org.acdserver.core;

/** The core's mutable view of one agent; owned by the routing thread. */
final class RoutedAgent {
    final AgentDefinition definition;
    /** The definition's id, read on every decision and report without a trip through the definition. */
    final String id;
    /** The definition's queues, walked each time the agent becomes free. */
    final String[] queues;
    /** Proficiency by skill index ({@link Skills#index}); 0 for skills the agent lacks. */
    final int[] proficiency;
    AgentState state = AgentState.READY;
    String notReadyReason;
    /** When the agent last became free; the longest-idle strategy prefers the smallest. */
    long idleSinceMillis;
    /** When a timed not-ready state (after a ring-no-answer) ends; 0 when not timed. */
    long notReadyUntilMillis;
    /** The call this agent is reserved for or talking to; {@link WaitingCall#agent} points back. */
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

    RoutedAgent(AgentDefinition definition, int[] proficiency, long nowMillis) {
        this.definition = definition;
        this.id = definition.id();
        this.queues = definition.queues().toArray(new String[0]);
        this.proficiency = proficiency;
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
        if (call != null) {
            call.agent = this;
        }
        deviceAvailable = old.deviceAvailable;
        callsTaken = old.callsTaken;
        talkMillis = old.talkMillis;
        answeredAtMillis = old.answeredAtMillis;
        wrapUpUntilMillis = old.wrapUpUntilMillis;
        onHold = old.onHold;
        reported = old.reported;
        reportedReason = old.reportedReason;
    }

    /** Reserved for the call: the two point at each other until {@link #dropCall}. */
    void reserve(WaitingCall c) {
        state = AgentState.RESERVED;
        call = c;
        c.agent = this;
    }

    /** The agent no longer holds its call (its state is the caller's to set). */
    void dropCall() {
        if (call != null && call.agent == this) {
            call.agent = null;
        }
        call = null;
    }

    /** Free for the next call, idle from now; any call, pause or not-ready reason is cleared. */
    void becomeReady(long nowMillis) {
        state = AgentState.READY;
        dropCall();
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
        return call.requirement.metBy(proficiency);
    }

    /** Whether the agent meets every minimum of the requirement. */
    boolean qualifiesFor(SkillRequirement requirement) {
        return requirement.metBy(proficiency);
    }

    /** Sum of the agent's proficiencies in the call's required skills (best-proficiency strategy). */
    int proficiencyFor(WaitingCall call) {
        return call.requirement.proficiencySum(proficiency);
    }
}
