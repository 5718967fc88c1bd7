package org.acdserver.gateway.call;

/** Where a live call is in its life; {@link CallTransitions} says which event moves it where. */
enum CallState {
    /** The flow runs prompts, menus and look-ups: before and between queues. */
    IN_IVR,
    /** Waiting in a queue at its place in line, on hold music. */
    QUEUED,
    /** Out of line but keeping its place, while the caller hears a callback offer or gives a number and a time. */
    CALLBACK_DIALOG,
    /** Still on hold for the callback dialog while the request is being stored; a hang-up waits for the store. */
    CALLBACK_COMMIT,
    /** Offered to an agent: the agent's phone rings while the caller hears music. */
    RINGING,
    /** The agent answered; caller and agent are bridged. */
    BRIDGED,
    /** The agent leg is over and the flow goes on (a survey, for example). */
    WRAP_UP,
    /** The caller is gone or the flow ended; the one record is written when the flow ends. */
    ENDED
}
