package org.acdserver.gateway.call;

import static org.acdserver.gateway.call.CallEvent.AGENT_ANSWERED;
import static org.acdserver.gateway.call.CallEvent.AGENT_HUNG_UP;
import static org.acdserver.gateway.call.CallEvent.AGENT_LEG_ENDED;
import static org.acdserver.gateway.call.CallEvent.BACK_IN_LINE;
import static org.acdserver.gateway.call.CallEvent.BRIDGE_ENTERED;
import static org.acdserver.gateway.call.CallEvent.CALLBACK_CHOSEN;
import static org.acdserver.gateway.call.CallEvent.CALLBACK_KEY;
import static org.acdserver.gateway.call.CallEvent.CALLBACK_NOT_STORED;
import static org.acdserver.gateway.call.CallEvent.CALLBACK_STORED;
import static org.acdserver.gateway.call.CallEvent.CALLER_GONE;
import static org.acdserver.gateway.call.CallEvent.FINISH;
import static org.acdserver.gateway.call.CallEvent.LEFT_UNSERVED;
import static org.acdserver.gateway.call.CallEvent.LEG_FAILED;
import static org.acdserver.gateway.call.CallEvent.NO_PLACE;
import static org.acdserver.gateway.call.CallEvent.OFFER;
import static org.acdserver.gateway.call.CallEvent.QUEUE;
import static org.acdserver.gateway.call.CallEvent.QUEUE_FULL;
import static org.acdserver.gateway.call.CallEvent.ROUTING_FAILED;
import static org.acdserver.gateway.call.CallEvent.SHUTDOWN;
import static org.acdserver.gateway.call.CallEvent.TRANSFERRED;
import static org.acdserver.gateway.call.CallEvent.TRANSFERRED_OUT;
import static org.acdserver.gateway.call.CallEvent.WAITING;
import static org.acdserver.gateway.call.CallState.BRIDGED;
import static org.acdserver.gateway.call.CallState.CALLBACK_COMMIT;
import static org.acdserver.gateway.call.CallState.CALLBACK_DIALOG;
import static org.acdserver.gateway.call.CallState.ENDED;
import static org.acdserver.gateway.call.CallState.IN_IVR;
import static org.acdserver.gateway.call.CallState.QUEUED;
import static org.acdserver.gateway.call.CallState.RINGING;
import static org.acdserver.gateway.call.CallState.WRAP_UP;

import java.util.EnumMap;
import java.util.Map;

/**
 * The call's whole life in one table: in each {@link CallState}, what each {@link CallEvent} does (an action) and
 * which state follows. {@link CallLife} performs the actions.
 *
 * <p>Three kinds of entries: a move (possibly to the same state) with an action; an <em>ignore</em>, for an event
 * known to arrive late or out of order in that state (events from the routing thread and the manager connection race
 * with the call's own AGI replies); and no entry at all, for an event that should not happen in that state, which the
 * call logs, counts and ignores. An offer, a hang-up, the flow's end and the server's shutdown have an entry in every
 * state: an offer must always be answered (or its agent stays reserved), every call gets its one record, and no
 * caller is lost when the server stops.
 */
final class CallTransitions {

    /** What the call does on a transition. */
    enum Action {
        /** Nothing: the event is expected to arrive late or raced in this state. */
        NONE,
        /** Join the queue: tell the core, and offer a callback at once if the queue says so. */
        ENQUEUE,
        /**
         * The core has the call in line: music and the wait for an offer, once a callback offer on entry is over.
         * A call with a free agent is offered instead, and its agent's Dial is the first command after the queue
         * step's start.
         */
        HOLD,
        /** Write the agent's Dial into the running wait, which ends it at once. */
        RING,
        /** Tell the core the offer failed because the caller is not waiting, which frees the agent. */
        REFUSE_OFFER,
        /** Note when the agent answered and tell the core. */
        ANSWERED,
        /** Measure agent answer to caller bridged, by Asterisk's event times. */
        MEASURE_BRIDGE,
        /**
         * The agent transferred the call: the leg's record is closed as transferred, the agent is freed, and the call
         * joins the target queue as a new leg keeping its priority and skills (the flow's queue step goes on), or
         * dials the target number, after which the flow's queue step ends connected.
         */
        TRANSFER,
        /** The conversation is over: talk time, tell the core, leave the queue connected. */
        LEG_DONE,
        /**
         * The manager says the agent's leg is over: talk time up to Asterisk's hang-up and the agent freed now, unless
         * the agent's channel left the bridge on purpose (hold, consult); the Dial's return then ends the leg.
         */
        FREE_AGENT,
        /** Tell the core how the agent leg failed; the caller holds on at its place. */
        LEG_FAILED,
        /** Tell the core the caller hung up and leave the queue; the flow ends. */
        ABANDON,
        /** Cut the hold short and leave the queue not served; the flow goes on at its fallback. */
        LEAVE_UNSERVED,
        /** Music off, and the queue's callback offer to a caller it turned away. */
        OFFER_TURNED_AWAY,
        /** The call leaves the line keeping its place; the caller confirms or enters a number. */
        START_DIALOG,
        /** Commit the callback request. */
        STORE_CALLBACK,
        /** Back in line at its place; the hold starts when the core says the call waits. */
        RESUME,
        /** Leave the queue not served: the call was turned away and took no callback. */
        LEAVE_NO_PLACE,
        /** The commit decides: a stored callback takes the call's place, a failed one releases it. */
        REMEMBER_HANGUP,
        /** Thank the caller and leave the queue with the callback accepted. */
        CALLBACK_ACCEPTED,
        /** Count it, say sorry, and go back in line. */
        CALLBACK_REFUSED,
        /** A commit settled after the flow ended: give the place up (or leave it to the callback). */
        SETTLE_STORED,
        /** A commit failed after the flow ended: the call's place is released. */
        SETTLE_NOT_STORED,
        /** Write the call's one interaction record. */
        RECORD,
        /** {@link #ABANDON}, then {@link #RECORD}: the flow ended while the call was in a queue. */
        ABANDON_AND_RECORD,
        /** {@link #LEG_DONE}, then {@link #RECORD}: the flow ended while the caller talked to an agent. */
        LEG_DONE_AND_RECORD,
        /**
         * End the AGI step with the hand-back variable set, so that the dialplan sends the caller to its fallback;
         * the flow stops at its next command and the record says where the call went.
         */
        HAND_BACK,
        /** {@link #HAND_BACK} a waiting caller: the call leaves its queue, and the core frees its place. */
        HAND_BACK_FROM_QUEUE,
        /** The agent's phone rings: the call is handed back if the agent does not take it (else it talks on). */
        HAND_BACK_IF_NOT_TAKEN
    }

    /** Where an event leads and what is done on the way. */
    record Transition(CallState to, Action action) {
    }

    private static final Map<CallState, Map<CallEvent, Transition>> TABLE = new EnumMap<>(CallState.class);

    static {
        // The flow runs; the caller's hang-up shows at its next command.
        move(IN_IVR, QUEUE, QUEUED, Action.ENQUEUE);
        move(IN_IVR, OFFER, IN_IVR, Action.REFUSE_OFFER);
        move(IN_IVR, FINISH, ENDED, Action.RECORD);
        ignore(IN_IVR, CALLER_GONE, ROUTING_FAILED, LEFT_UNSERVED, QUEUE_FULL, WAITING, AGENT_HUNG_UP);
        move(IN_IVR, SHUTDOWN, IN_IVR, Action.HAND_BACK);

        move(QUEUED, OFFER, RINGING, Action.RING);
        move(QUEUED, WAITING, QUEUED, Action.HOLD);
        move(QUEUED, CALLBACK_KEY, CALLBACK_DIALOG, Action.START_DIALOG);
        move(QUEUED, QUEUE_FULL, CALLBACK_DIALOG, Action.OFFER_TURNED_AWAY);
        move(QUEUED, ROUTING_FAILED, IN_IVR, Action.LEAVE_UNSERVED);
        move(QUEUED, LEFT_UNSERVED, IN_IVR, Action.LEAVE_UNSERVED);
        move(QUEUED, CALLER_GONE, ENDED, Action.ABANDON);
        move(QUEUED, FINISH, ENDED, Action.ABANDON_AND_RECORD);
        move(QUEUED, SHUTDOWN, ENDED, Action.HAND_BACK_FROM_QUEUE);
        // The last leg's hang-up, after a transfer put the call back in line.
        ignore(QUEUED, AGENT_HUNG_UP);

        // The core holds the call's place; offers that raced with the key are refused.
        move(CALLBACK_DIALOG, CALLBACK_CHOSEN, CALLBACK_COMMIT, Action.STORE_CALLBACK);
        move(CALLBACK_DIALOG, BACK_IN_LINE, QUEUED, Action.RESUME);
        move(CALLBACK_DIALOG, NO_PLACE, IN_IVR, Action.LEAVE_NO_PLACE);
        move(CALLBACK_DIALOG, OFFER, CALLBACK_DIALOG, Action.REFUSE_OFFER);
        move(CALLBACK_DIALOG, CALLER_GONE, ENDED, Action.ABANDON);
        move(CALLBACK_DIALOG, FINISH, ENDED, Action.ABANDON_AND_RECORD);
        ignore(CALLBACK_DIALOG, WAITING, AGENT_HUNG_UP);
        move(CALLBACK_DIALOG, SHUTDOWN, ENDED, Action.HAND_BACK_FROM_QUEUE);

        move(CALLBACK_COMMIT, CALLBACK_STORED, IN_IVR, Action.CALLBACK_ACCEPTED);
        move(CALLBACK_COMMIT, CALLBACK_NOT_STORED, CALLBACK_DIALOG, Action.CALLBACK_REFUSED);
        move(CALLBACK_COMMIT, CALLER_GONE, CALLBACK_COMMIT, Action.REMEMBER_HANGUP);
        move(CALLBACK_COMMIT, OFFER, CALLBACK_COMMIT, Action.REFUSE_OFFER);
        move(CALLBACK_COMMIT, FINISH, ENDED, Action.RECORD);
        ignore(CALLBACK_COMMIT, WAITING, AGENT_HUNG_UP);
        // The commit decides the call's place, as for a hang-up; the caller goes to the fallback either way.
        move(CALLBACK_COMMIT, SHUTDOWN, CALLBACK_COMMIT, Action.HAND_BACK);

        // A BridgeEnter may come before the DialEnd that says the agent answered.
        move(RINGING, AGENT_ANSWERED, BRIDGED, Action.ANSWERED);
        move(RINGING, AGENT_LEG_ENDED, WRAP_UP, Action.LEG_DONE);
        move(RINGING, LEG_FAILED, QUEUED, Action.LEG_FAILED);
        move(RINGING, OFFER, RINGING, Action.REFUSE_OFFER);
        move(RINGING, CALLER_GONE, ENDED, Action.ABANDON);
        move(RINGING, FINISH, ENDED, Action.ABANDON_AND_RECORD);
        ignore(RINGING, BRIDGE_ENTERED, WAITING, AGENT_HUNG_UP);
        move(RINGING, SHUTDOWN, RINGING, Action.HAND_BACK_IF_NOT_TAKEN);

        // The caller hanging up ends the conversation as the agent hanging up does.
        move(BRIDGED, BRIDGE_ENTERED, BRIDGED, Action.MEASURE_BRIDGE);
        move(BRIDGED, AGENT_LEG_ENDED, WRAP_UP, Action.LEG_DONE);
        // The agent is free at once; the caller's session goes on when its Dial returns.
        move(BRIDGED, AGENT_HUNG_UP, BRIDGED, Action.FREE_AGENT);
        move(BRIDGED, TRANSFERRED, QUEUED, Action.TRANSFER);
        move(BRIDGED, TRANSFERRED_OUT, WRAP_UP, Action.TRANSFER);
        move(BRIDGED, CALLER_GONE, WRAP_UP, Action.LEG_DONE);
        move(BRIDGED, OFFER, BRIDGED, Action.REFUSE_OFFER);
        move(BRIDGED, FINISH, ENDED, Action.LEG_DONE_AND_RECORD);
        ignore(BRIDGED, AGENT_ANSWERED, WAITING);
        // A caller talking to an agent is left alone: Asterisk keeps the bridge when the server goes.
        ignore(BRIDGED, SHUTDOWN);

        // The flow goes on; manager events of the agent leg may still arrive.
        move(WRAP_UP, QUEUE, QUEUED, Action.ENQUEUE);
        move(WRAP_UP, BRIDGE_ENTERED, WRAP_UP, Action.MEASURE_BRIDGE);
        move(WRAP_UP, OFFER, WRAP_UP, Action.REFUSE_OFFER);
        move(WRAP_UP, FINISH, ENDED, Action.RECORD);
        // A transfer whose leg ended after the caller hung up comes too late: the conversation is over.
        ignore(WRAP_UP, AGENT_ANSWERED, AGENT_LEG_ENDED, AGENT_HUNG_UP, TRANSFERRED, TRANSFERRED_OUT, CALLER_GONE,
                ROUTING_FAILED, LEFT_UNSERVED, QUEUE_FULL, WAITING);
        move(WRAP_UP, SHUTDOWN, WRAP_UP, Action.HAND_BACK);

        // Replies of commands that were running when the caller left still arrive; the record is written once.
        move(ENDED, FINISH, ENDED, Action.RECORD);
        move(ENDED, OFFER, ENDED, Action.REFUSE_OFFER);
        move(ENDED, CALLBACK_STORED, ENDED, Action.SETTLE_STORED);
        move(ENDED, CALLBACK_NOT_STORED, ENDED, Action.SETTLE_NOT_STORED);
        ignore(ENDED, AGENT_ANSWERED, BRIDGE_ENTERED, AGENT_LEG_ENDED, AGENT_HUNG_UP, TRANSFERRED, TRANSFERRED_OUT,
                LEG_FAILED, CALLER_GONE, ROUTING_FAILED, LEFT_UNSERVED, QUEUE_FULL, CALLBACK_CHOSEN, BACK_IN_LINE,
                NO_PLACE, WAITING, SHUTDOWN);
    }

    private CallTransitions() {
    }

    /** The transition for this event in this state, or null when the event is unexpected there. */
    static Transition find(CallState from, CallEvent event) {
        Map<CallEvent, Transition> row = TABLE.get(from);
        return row == null ? null : row.get(event);
    }

    private static void move(CallState from, CallEvent event, CallState to, Action action) {
        Transition previous = TABLE.computeIfAbsent(from, s -> new EnumMap<>(CallEvent.class))
                .put(event, new Transition(to, action));
        if (previous != null) {
            throw new IllegalStateException("two transitions for " + event + " in " + from);
        }
    }

    private static void ignore(CallState state, CallEvent... events) {
        for (CallEvent e : events) {
            move(state, e, state, Action.NONE);
        }
    }
}
