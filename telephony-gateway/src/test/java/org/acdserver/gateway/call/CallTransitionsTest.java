package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shape of the call's transition table. */
class CallTransitionsTest {

    @ParameterizedTest
    @EnumSource(CallState.class)
    void everyStateAnswersAnOfferAHangUpAndTheFlowsEnd(CallState state) {
        // An offer left unanswered keeps its agent reserved; a flow's end without a record loses the call.
        assertThat(CallTransitions.find(state, CallEvent.OFFER)).isNotNull();
        assertThat(CallTransitions.find(state, CallEvent.CALLER_GONE)).isNotNull();
        assertThat(CallTransitions.find(state, CallEvent.FINISH)).isNotNull();
        assertThat(CallTransitions.find(state, CallEvent.FINISH).to()).isEqualTo(CallState.ENDED);
    }

    @Test
    void everyStateIsReachedFromTheIvrAndLeadsToTheEnd() {
        assertThat(reachable(CallState.IN_IVR)).containsExactlyInAnyOrder(CallState.values());
        for (CallState s : CallState.values()) {
            assertThat(reachable(s)).as("from " + s).contains(CallState.ENDED);
        }
    }

    @ParameterizedTest
    @EnumSource(CallEvent.class)
    void nothingLeavesTheEnd(CallEvent event) {
        CallTransitions.Transition t = CallTransitions.find(CallState.ENDED, event);
        if (t != null) {
            assertThat(t.to()).isEqualTo(CallState.ENDED);
        }
    }

    @Test
    void ignoredEventsStayWhereTheyAre() {
        for (CallState s : CallState.values()) {
            for (CallEvent e : CallEvent.values()) {
                CallTransitions.Transition t = CallTransitions.find(s, e);
                if (t != null && t.action() == CallTransitions.Action.NONE) {
                    assertThat(t.to()).as(s + " + " + e).isEqualTo(s);
                }
            }
        }
    }

    private static Set<CallState> reachable(CallState from) {
        Set<CallState> seen = EnumSet.of(from);
        Deque<CallState> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            CallState s = todo.poll();
            for (CallEvent e : CallEvent.values()) {
                CallTransitions.Transition t = CallTransitions.find(s, e);
                if (t != null && seen.add(t.to())) {
                    todo.add(t.to());
                }
            }
        }
        return seen;
    }
}
