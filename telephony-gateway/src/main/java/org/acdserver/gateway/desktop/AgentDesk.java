package org.acdserver.gateway.desktop;

import java.sql.SQLException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.acdserver.gateway.auth.AccessDeniedException;
import org.acdserver.gateway.auth.AccessPolicy;
import org.acdserver.gateway.auth.Action;
import org.acdserver.gateway.auth.Target;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.config.ConfigurationSnapshot;

/**
 * What the agent desktop may do, for the agent behind a login and no other: whose desk a user has, state changes,
 * and wrap-ups. The agent is always the one linked to the logged-in user; a request never names it, so no request
 * reaches another agent's state or calls.
 */
public final class AgentDesk {

    /** The longest note a wrap-up keeps. */
    public static final int MAX_NOTE = 4_000;

    private final DesktopFeed feed;
    private final AgentCommands commands;
    private final StateJournal journal;
    private final WrapUpStore.Writer wrapUps;
    private final AccessPolicy policy;
    private final Supplier<ConfigurationSnapshot> configuration;
    private final Executor jdbc;

    public AgentDesk(DesktopFeed feed, AgentCommands commands, StateJournal journal, WrapUpStore.Writer wrapUps,
                     AccessPolicy policy, Supplier<ConfigurationSnapshot> configuration, Executor jdbc) {
        this.feed = feed;
        this.commands = commands;
        this.journal = journal;
        this.wrapUps = wrapUps;
        this.policy = policy;
        this.configuration = configuration;
        this.jdbc = jdbc;
    }

    /** The feed that keeps the desktops live. */
    public DesktopFeed feed() {
        return feed;
    }

    /**
     * The agent whose desk this user has.
     *
     * @throws AccessDeniedException when the user is linked to no agent of the active configuration
     */
    public String agentOf(User user) {
        String agentId = user.agentId();
        if (agentId == null) {
            throw new AccessDeniedException(user.username() + " is linked to no agent: the desktop is for agents");
        }
        if (!policy.may(user, Action.USE_DESKTOP, Target.agent(agentId))) {
            throw new AccessDeniedException(user.username() + " may not use the desktop of agent " + agentId);
        }
        boolean known = configuration.get().routing().agents().stream().anyMatch(a -> a.id().equals(agentId));
        if (!known) {
            throw new AccessDeniedException("agent " + agentId + " of user " + user.username()
                    + " is not in the active configuration (agents.yaml)");
        }
        return agentId;
    }

    /**
     * The agent's state as they asked: {@code ready}, {@code not_ready} with one of the configured reasons, or
     * {@code logged_out}. The change reaches the desktops through the feed.
     *
     * @throws IllegalArgumentException for an unknown state or reason
     */
    public void changeState(String agentId, String state, String reason) {
        switch (state == null ? "" : state) {
            case "ready" -> commands.ready(agentId);
            case "not_ready" -> {
                List<String> reasons = List.copyOf(configuration.get().agentCodes().reasons().values());
                if (reason == null || !reasons.contains(reason)) {
                    throw new IllegalArgumentException("not ready needs one of the configured reasons "
                            + reasons + " (agentCodes.reasons in acd.yaml); got '" + reason + "'");
                }
                commands.notReady(agentId, reason);
            }
            case "logged_out" -> commands.signOut(agentId);
            default -> throw new IllegalArgumentException("unknown state '" + state
                    + "': ready, not_ready or logged_out");
        }
        journal.changed(agentId, state, "not_ready".equals(state) ? reason : null, StateJournal.DESKTOP);
        feed.refresh();
    }

    /**
     * Stores the wrap-up of the agent's last call: a code from the queue's list (required if the queue says so) and
     * a note. Completes exceptionally with {@link NoSuchElementException} when that call is not the agent's to wrap
     * up, {@link IllegalArgumentException} for a code not on the list or a missing required one.
     */
    public CompletableFuture<Void> wrapUp(String agentId, String callId, String code, String note) {
        return feed.pendingWrapUp(agentId).thenApplyAsync(pending -> {
            if (pending == null || !pending.callId().equals(callId)) {
                throw new NoSuchElementException("agent " + agentId + " has no call " + callId + " to wrap up");
            }
            String picked = code == null || code.isBlank() ? null : code.strip();
            if (picked == null && pending.required()) {
                throw new IllegalArgumentException("queue " + pending.queue() + " needs a wrap-up code: one of "
                        + pending.codes());
            }
            if (picked != null && !pending.codes().contains(picked)) {
                throw new IllegalArgumentException("'" + picked + "' is not a wrap-up code of queue "
                        + pending.queue() + ": one of " + pending.codes());
            }
            String text = note == null ? "" : note.strip();
            if (text.length() > MAX_NOTE) {
                throw new IllegalArgumentException("the note is " + text.length() + " characters; at most "
                        + MAX_NOTE);
            }
            try {
                wrapUps.store(new WrapUpStore.WrapUp(callId, agentId, picked, text));
            } catch (SQLException e) {
                throw new CompletionException(new IllegalStateException("wrap-up of call " + callId
                        + " not stored: " + e.getMessage(), e));
            }
            feed.wrapped(agentId, callId);
            return null;
        }, jdbc);
    }
}
