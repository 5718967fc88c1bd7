package org.acdserver.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.acdserver.gateway.audit.Audit;
import org.acdserver.gateway.audit.AuditEntry;

/**
 * Creating, listing and revoking API tokens, each creation and revocation audited. An admin may create a token for
 * any user and list or revoke every token; anyone else only their own. The local admin of the command line is no
 * user, so it names the user a token is for.
 */
public final class ApiTokens {

    private final TokenStore tokens;
    private final UserStore users;
    private final Audit audit;
    private final Executor jdbc;
    private final Clock clock;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;

    public ApiTokens(TokenStore tokens, UserStore users, Audit audit, Executor jdbc, Clock clock,
                     Duration defaultLifetime, Duration maxLifetime) {
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
        this.defaultLifetime = defaultLifetime;
        this.maxLifetime = maxLifetime;
    }

    /**
     * Creates a token.
     *
     * @param owner    whose token it is; null for the caller's own
     * @param name     what it is for
     * @param lifetime how long it lives; null for the default
     */
    public CompletableFuture<TokenStore.Created> create(Caller by, String owner, String name, Duration lifetime) {
        if (name == null || name.isBlank() || name.length() > 100) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a token needs a name of 1-100 characters, saying what it is for"));
        }
        Duration life = lifetime == null ? defaultLifetime : lifetime;
        if (life.isNegative() || life.isZero() || life.compareTo(maxLifetime) > 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a token's lifetime must be positive and at most " + maxLifetime.toDays() + " days"));
        }
        String ownerName = owner == null || owner.isBlank() ? null : owner.strip();
        if (ownerName == null && by.user().isLocal()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "the local admin is no user: name the user the token is for (\"user\" / --user)"));
        }
        if (ownerName != null && !ownerName.equals(by.user().username()) && by.user().role() != Role.ADMIN) {
            return CompletableFuture.failedFuture(new AccessDeniedException(
                    "only an admin creates tokens for other users"));
        }
        String forWhom = ownerName == null ? by.user().username() : ownerName;
        return CompletableFuture.supplyAsync(() -> UserAccounts.call(() -> {
            User user = users.find(forWhom).orElseThrow(() -> new NoSuchElementException("no user '" + forWhom
                    + "'"));
            if (user.role() == Role.AGENT) {
                throw new IllegalArgumentException("agents use the desktop, not API tokens");
            }
            return tokens.create(user, name.strip(), clock.instant().plus(life), by.actor());
        }), jdbc).thenCompose(created -> audit.record(AuditEntry.by(by, "token_create")
                .withTarget(Long.toString(created.token().id())).withAfter(created.token()))
                .thenApply(done -> created));
    }

    /** The tokens the caller may see, newest first. */
    public CompletableFuture<List<TokenStore.Token>> list(Caller by) {
        String owner = by.user().role() == Role.ADMIN ? null : by.user().username();
        return CompletableFuture.supplyAsync(() -> UserAccounts.call(() -> tokens.list(owner)), jdbc);
    }

    /** Revokes a token; {@link NoSuchElementException} when unknown or already revoked. */
    public CompletableFuture<TokenStore.Token> revoke(Caller by, long id) {
        return CompletableFuture.supplyAsync(() -> UserAccounts.call(() -> {
            TokenStore.Token token = tokens.get(id).orElseThrow(() -> new NoSuchElementException("no token " + id));
            if (by.user().role() != Role.ADMIN && !token.user().equals(by.user().username())) {
                throw new AccessDeniedException("token " + id + " is not yours");
            }
            if (!tokens.revoke(id, by.actor())) {
                throw new NoSuchElementException("token " + id + " is revoked already");
            }
            return new TokenStore.Token[] {token, tokens.get(id).orElse(token)};
        }), jdbc).thenCompose(beforeAndAfter -> audit.record(AuditEntry.by(by, "token_revoke")
                .withTarget(Long.toString(id)).withBefore(beforeAndAfter[0]).withAfter(beforeAndAfter[1]))
                .thenApply(done -> beforeAndAfter[1]));
    }
}
