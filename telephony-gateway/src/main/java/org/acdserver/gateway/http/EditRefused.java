package org.acdserver.gateway.http;

/**
 * A write through the REST API refused before anything changed, with the HTTP status that says why: 409 for an item
 * that exists already, 412 for a writer whose {@code If-Match} names a version that is no longer the current one,
 * 428 for an update or delete without {@code If-Match}.
 */
public final class EditRefused extends RuntimeException {

    private final int status;

    public EditRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the refusal. */
    public int status() {
        return status;
    }
}
