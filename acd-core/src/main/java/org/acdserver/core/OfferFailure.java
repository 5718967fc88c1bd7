package org.acdserver.core;

/** Why an offered agent leg did not connect. */
public enum OfferFailure {
    /** The agent's phone rang out. */
    NO_ANSWER("no-answer"),
    /** The agent's phone was busy. */
    BUSY("busy"),
    /** The agent's phone could not be reached. */
    UNAVAILABLE("unavailable"),
    /** The caller hung up while the agent leg rang. */
    CALLER_GONE("caller-gone"),
    /** The agent answered, then hung up before the call was put through (during a callback's whisper). */
    DECLINED("declined");

    private final String reason;

    OfferFailure(String reason) {
        this.reason = reason;
    }

    /** The not-ready reason code an agent gets for this failure. */
    public String reason() {
        return reason;
    }
}
