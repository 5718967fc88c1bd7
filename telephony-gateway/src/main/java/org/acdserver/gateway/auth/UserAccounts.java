package org.acdserver.gateway.auth;

import java.sql.SQLException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.audit.Audit;
import org.acdserver.gateway.audit.AuditEntry;

/**
 * Adding, listing, changing and disabling users, each change audited. An agent user must name an agent of the active
 * configuration and a supervisor's queues must exist, so a typo is refused with the names that would do. Passwords
 * are hashed on the hashing pool and stored by the JDBC executor; nothing here blocks its caller.
 */
public final class UserAccounts {

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Audit audit;
    private final Executor jdbc;
    private final Supplier<RoutingConfiguration> routing;

    public UserAccounts(UserStore users, PasswordHasher hasher, Audit audit, Executor jdbc,
                        Supplier<RoutingConfiguration> routing) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.jdbc = jdbc;
        this.routing = routing;
    }

    /** A user to add, as the API and the command line send it. */
    public record NewUser(String username, String password, String role, String agent, Set<String> queues) {
        @Override
        public String toString() {
            return "NewUser[" + username + ", " + role + "]";
        }
    }

    /**
     * Adds a user.
     *
     * @return the user; fails with {@link IllegalArgumentException} naming what is wrong
     */
    public CompletableFuture<User> add(Caller by, NewUser request) {
        Role role;
        Set<String> queues = request.queues() == null ? Set.of() : new TreeSet<>(request.queues());
        try {
            role = Role.parse(request.role());
            checkAgainstConfiguration(role, request.agent(), queues);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String username = request.username() == null ? "" : request.username().strip();
        return hasher.hash(request.password())
                .thenApplyAsync(hash -> call(() -> users.add(username, hash, role, blankToNull(request.agent()),
                        queues)), jdbc)
                .thenCompose(user -> audit.record(AuditEntry.by(by, "user_add").withTarget(user.username())
                        .withAfter(user)).thenApply(done -> user));
    }

    /** Every user, by name. */
    public CompletableFuture<List<User>> list() {
        return CompletableFuture.supplyAsync(() -> call(users::list), jdbc);
    }

    /** Sets a user's password and ends their sessions; fails with {@link NoSuchElementException} for no such user. */
    public CompletableFuture<Void> setPassword(Caller by, String username, String password) {
        return hasher.hash(password)
                .thenApplyAsync(hash -> call(() -> users.setPassword(username, hash)), jdbc)
                .thenCompose(found -> {
                    if (!found) {
                        throw new NoSuchElementException("no user '" + username + "'");
                    }
                    return audit.record(AuditEntry.by(by, "user_password").withTarget(username));
                });
    }

    /** Disables (ending their sessions) or enables a user; {@link NoSuchElementException} for no such user. */
    public CompletableFuture<User> setDisabled(Caller by, String username, boolean disabled) {
        return CompletableFuture.supplyAsync(() -> call(() -> {
            User before = users.find(username).orElseThrow(() -> new NoSuchElementException("no user '" + username
                    + "'"));
            if (disabled && before.isLocal()) {
                throw new IllegalArgumentException("the local admin cannot be disabled");
            }
            users.setDisabled(username, disabled);
            return before;
        }), jdbc).thenCompose(before -> {
            User after = new User(before.id(), before.username(), before.role(), before.agentId(), before.queues(),
                    disabled);
            return audit.record(AuditEntry.by(by, disabled ? "user_disable" : "user_enable")
                    .withTarget(username).withBefore(before).withAfter(after)).thenApply(done -> after);
        });
    }

    private void checkAgainstConfiguration(Role role, String agent, Set<String> queues) {
        RoutingConfiguration config = routing.get();
        if (role == Role.AGENT && agent != null && !agent.isBlank()) {
            List<String> known = config.agents().stream().map(AgentDefinition::id).sorted().toList();
            if (!known.contains(agent)) {
                throw new IllegalArgumentException("no agent '" + agent + "' in agents.yaml (known: "
                        + String.join(", ", known) + ")");
            }
        }
        List<String> known = config.queues().stream().map(QueueDefinition::id).sorted().toList();
        for (String q : queues) {
            if (!known.contains(q)) {
                throw new IllegalArgumentException("no queue '" + q + "' in queues.yaml (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Blocking store work, with its checked exception carried through the future. */
    @FunctionalInterface
    interface StoreWork<T> {
        T run() throws SQLException;
    }

    static <T> T call(StoreWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }
}
