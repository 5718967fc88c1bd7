package org.acdserver.gateway.audit;

import java.time.Instant;
import java.util.Objects;
import org.acdserver.gateway.auth.Caller;

/**
 * One line of the audit log: who did what to which thing, from where, whether it worked, and for a change the state
 * before and after. Build one with {@link #by(Caller, String)} (or {@link #by(String, String)} for the server's own
 * actions) and the {@code with*} methods.
 *
 * @param id        the row's id; 0 before it is written
 * @param at        when; null before it is written (the database's clock then)
 * @param actor     a username, {@code local}, or what the server acted for (e.g. {@code file change})
 * @param actorRole the actor's role, or null
 * @param address   the client's address, or null
 * @param action    what was done, e.g. {@code login}, {@code reload}, {@code callback_cancel}
 * @param target    what it was done to, or null
 * @param success   whether it happened
 * @param before    the state before a change (any JSON-able value), or null
 * @param after     the state after it, or null
 * @param detail    a line of explanation, or null
 */
public record AuditEntry(long id, Instant at, String actor, String actorRole, String address, String action,
                         String target, boolean success, Object before, Object after, String detail) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
    }

    /** A successful action by a request's caller. */
    public static AuditEntry by(Caller caller, String action) {
        return new AuditEntry(0, null, caller.actor(), caller.user().role().wireName(), caller.address(), action,
                null, true, null, null, null);
    }

    /** A successful action by an actor that is no logged-in user (a failed login's name, the file watch, ...). */
    public static AuditEntry by(String actor, String action) {
        return new AuditEntry(0, null, actor, null, null, action, null, true, null, null, null);
    }

    public AuditEntry withTarget(String value) {
        return new AuditEntry(id, at, actor, actorRole, address, action, value, success, before, after, detail);
    }

    public AuditEntry withAddress(String value) {
        return new AuditEntry(id, at, actor, actorRole, address == null ? value : address, action, target, success,
                before, after, detail);
    }

    public AuditEntry withBefore(Object value) {
        return new AuditEntry(id, at, actor, actorRole, address, action, target, success, value, after, detail);
    }

    public AuditEntry withAfter(Object value) {
        return new AuditEntry(id, at, actor, actorRole, address, action, target, success, before, value, detail);
    }

    public AuditEntry withDetail(String value) {
        return new AuditEntry(id, at, actor, actorRole, address, action, target, success, before, after, value);
    }

    /** The same entry, as an action that was refused or failed. */
    public AuditEntry failed(String why) {
        return new AuditEntry(id, at, actor, actorRole, address, action, target, false, before, after, why);
    }
}
