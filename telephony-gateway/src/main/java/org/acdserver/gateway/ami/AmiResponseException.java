package org.acdserver.gateway.ami;

/** A list action was answered with {@code Response: Error}, so there is no list; the response says why. */
public final class AmiResponseException extends RuntimeException {

    private final transient AmiMessage response;

    public AmiResponseException(String action, AmiMessage response) {
        super(action + " refused by the manager: " + response.message(), null, false, false);
        this.response = response;
    }

    public AmiMessage response() {
        return response;
    }
}
