package org.acdserver.gateway.audit;

import java.util.concurrent.CompletableFuture;

/** Where actions are recorded: {@link Audit} in the server, a list in tests. */
@FunctionalInterface
public interface AuditTrail {

    /** Records an entry off the calling thread; completes when it is stored. */
    CompletableFuture<Void> record(AuditEntry entry);
}
