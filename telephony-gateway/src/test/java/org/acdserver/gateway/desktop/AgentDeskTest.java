package org.acdserver.gateway.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingSnapshot;
import org.acdserver.core.RoutingSnapshot.AgentView;
import org.acdserver.gateway.auth.AccessDeniedException;
import org.acdserver.gateway.auth.AccessPolicy;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.WrapUpCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The desk's rules: whose desk a user has, state changes with configured reasons only (journaled with the cause
 * "desktop"), and wrap-ups only of the agent's own last call, with a code from the queue's list.
 */
class AgentDeskTest {

    private final RoutingConfiguration routing = new RoutingConfiguration(
            List.of(new QueueDefinition("sales", 10, 30)),
            List.of(new AgentDefinition("amy", "Local/amy@x/n", List.of("sales")),
                    new AgentDefinition("bob", "Local/bob@x/n", List.of("sales"))));
    private final ConfigurationSnapshot configuration = ConfigurationSnapshot.builder(routing)
            .wrapUps(Map.of("sales", new WrapUpCodes(List.of("sale", "no-sale"), true))).build();
    private final AtomicReference<Map<String, AgentView>> agents = new AtomicReference<>(Map.of(
            "amy", new AgentView("amy", AgentState.ON_CALL, "c1", null, 0),
            "bob", new AgentView("bob", AgentState.READY, null, null, 0)));
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final List<WrapUpStore.WrapUp> stored = new CopyOnWriteArrayList<>();
    private final DesktopFeed feed = new DesktopFeed(() -> CompletableFuture.completedFuture(
            new RoutingSnapshot(agents.get(), Map.of(), List.of())),
            id -> new StubCall(id, "5550142", "sales", Instant.now(), List.of()), () -> configuration,
            System::currentTimeMillis, Duration.ofHours(1));
    private final AgentDesk desk = new AgentDesk(feed, new AgentCommands() {
        @Override
        public void ready(String agentId) {
            commands.add("ready " + agentId);
        }

        @Override
        public void notReady(String agentId, String reason) {
            commands.add("not_ready " + agentId + " " + reason);
        }

        @Override
        public void signOut(String agentId) {
            commands.add("logged_out " + agentId);
        }
    }, (agent, state, reason, cause) -> journal.add(agent + " " + state + " " + reason + " " + cause), stored::add,
            new AccessPolicy(() -> routing), () -> configuration, Runnable::run);

    @AfterEach
    void stop() {
        feed.close();
    }

    private static User user(String name, Role role, String agent) {
        return new User(1, name, role, agent, Set.of(), false);
    }

    @Test
    void aUserHasTheDeskOfTheAgentTheyAreLinkedToAndNoOther() {
        assertThat(desk.agentOf(user("amy", Role.AGENT, "amy"))).isEqualTo("amy");
        assertThatThrownBy(() -> desk.agentOf(user("ada", Role.ADMIN, null)))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("linked to no agent");
        assertThatThrownBy(() -> desk.agentOf(user("sue", Role.SUPERVISOR, "amy")))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("may not use the desktop");
        assertThatThrownBy(() -> desk.agentOf(user("old", Role.AGENT, "gone")))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("not in the active configuration");
        assertThatThrownBy(() -> desk.agentOf(new User(1, "amy", Role.AGENT, "amy", Set.of(), true)))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void stateChangesTakeOnlyConfiguredReasonsAndAreJournaledAsTheDesktops() {
        desk.changeState("amy", "not_ready", "lunch");
        desk.changeState("amy", "ready", null);
        desk.changeState("amy", "logged_out", null);
        assertThatThrownBy(() -> desk.changeState("amy", "not_ready", "nap"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nap'")
                .hasMessageContaining("lunch");
        assertThatThrownBy(() -> desk.changeState("amy", "on_call", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown state 'on_call'");
        assertThat(commands).containsExactly("not_ready amy lunch", "ready amy", "logged_out amy");
        assertThat(journal).containsExactly("amy not_ready lunch desktop", "amy ready null desktop",
                "amy logged_out null desktop");
    }

    @Test
    void aWrapUpIsStoredOnlyForTheAgentsOwnLastCallWithACodeFromTheQueuesList() throws Exception {
        feed.refresh();
        await().atMost(10, TimeUnit.SECONDS).until(() -> "on_call".equals(feed.view("amy").get().state()));
        agents.set(Map.of("amy", new AgentView("amy", AgentState.WRAP_UP, null, null, 1),
                "bob", new AgentView("bob", AgentState.READY, null, null, 0)));
        feed.refresh();
        await().atMost(10, TimeUnit.SECONDS).until(() -> feed.view("amy").get().wrapUp() != null);

        assertThat(failure(desk.wrapUp("bob", "c1", "sale", "not mine"))).isInstanceOf(NoSuchElementException.class);
        assertThat(failure(desk.wrapUp("amy", "c2", "sale", ""))).isInstanceOf(NoSuchElementException.class);
        assertThat(failure(desk.wrapUp("amy", "c1", "", "no code"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a wrap-up code");
        assertThat(failure(desk.wrapUp("amy", "c1", "refund", ""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'refund' is not a wrap-up code");
        assertThat(stored).isEmpty();

        desk.wrapUp("amy", "c1", "sale", "  wants the blue one ").get(5, TimeUnit.SECONDS);
        assertThat(stored).containsExactly(new WrapUpStore.WrapUp("c1", "amy", "sale", "wants the blue one"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> feed.view("amy").get().wrapUp() == null);
        assertThat(failure(desk.wrapUp("amy", "c1", "sale", "twice"))).isInstanceOf(NoSuchElementException.class);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }
}
