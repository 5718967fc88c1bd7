package org.acdserver.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.junit.jupiter.api.Test;

/** Who may do what to which queue or agent. */
class AccessPolicyTest {

    private final AtomicReference<RoutingConfiguration> routing = new AtomicReference<>(new RoutingConfiguration(
            List.of(new QueueDefinition("sales", 15, 5), new QueueDefinition("support", 15, 5),
                    new QueueDefinition("vip", 15, 5)),
            List.of(new AgentDefinition("a1", "PJSIP/1001", List.of("sales")),
                    new AgentDefinition("a2", "PJSIP/1002", List.of("support", "vip")))));
    private final AccessPolicy policy = new AccessPolicy(routing::get);
    private final User admin = new User(1, "ada", Role.ADMIN, null, Set.of(), false);
    private final User supervisor = new User(2, "sue", Role.SUPERVISOR, null, Set.of("sales"), false);
    private final User agent = new User(3, "amy", Role.AGENT, "a1", Set.of(), false);

    @Test
    void anAdminMayDoEverythingUnlessDisabled() {
        for (Action action : Action.values()) {
            assertThat(policy.may(admin, action, Target.queue("vip"))).as(action.name()).isTrue();
            assertThat(policy.may(admin, action, Target.agent("a2"))).isTrue();
            assertThat(policy.may(admin, action, Target.server())).isTrue();
        }
        User disabled = new User(1, "ada", Role.ADMIN, null, Set.of(), true);
        assertThat(policy.may(disabled, Action.VIEW_WALLBOARD, Target.queue("sales"))).isFalse();
    }

    @Test
    void aSupervisorActsOnTheirQueuesAndTheAgentsServingThemOnly() {
        for (Action action : List.of(Action.VIEW_WALLBOARD, Action.VIEW_REPORTS, Action.VIEW_AGENT_STATES,
                Action.SET_AGENT_STATE, Action.LISTEN)) {
            assertThat(policy.may(supervisor, action, Target.queue("sales"))).as(action + " sales").isTrue();
            assertThat(policy.may(supervisor, action, Target.queue("support"))).as(action + " support").isFalse();
            assertThat(policy.may(supervisor, action, Target.agent("a1"))).as(action + " a1").isTrue();
            assertThat(policy.may(supervisor, action, Target.agent("a2"))).as(action + " a2").isFalse();
            assertThat(policy.may(supervisor, action, Target.agent("nobody"))).isFalse();
        }
        assertThat(policy.may(supervisor, Action.ADMINISTER, Target.queue("sales"))).isFalse();
        assertThat(policy.may(supervisor, Action.USE_DESKTOP, Target.agent("a1"))).isFalse();
        assertThat(policy.may(supervisor, Action.VIEW_REPORTS, Target.server())).isFalse();
    }

    @Test
    void aReloadThatMovesAnAgentChangesWhatTheirSupervisorsMayDoAtOnce() {
        assertThat(policy.may(supervisor, Action.LISTEN, Target.agent("a2"))).isFalse();
        routing.set(new RoutingConfiguration(routing.get().queues(), List.of(
                new AgentDefinition("a1", "PJSIP/1001", List.of("sales")),
                new AgentDefinition("a2", "PJSIP/1002", List.of("support", "sales")))));
        assertThat(policy.may(supervisor, Action.LISTEN, Target.agent("a2"))).isTrue();
    }

    @Test
    void anAgentUsesTheirOwnDesktopAndNothingElse() {
        assertThat(policy.may(agent, Action.USE_DESKTOP, Target.agent("a1"))).isTrue();
        assertThat(policy.may(agent, Action.SET_AGENT_STATE, Target.agent("a1"))).isTrue();
        assertThat(policy.may(agent, Action.USE_DESKTOP, Target.agent("a2"))).isFalse();
        assertThat(policy.may(agent, Action.SET_AGENT_STATE, Target.agent("a2"))).isFalse();
        for (Action action : List.of(Action.VIEW_WALLBOARD, Action.VIEW_REPORTS, Action.LISTEN,
                Action.ADMINISTER, Action.VIEW_AGENT_STATES)) {
            assertThat(policy.may(agent, action, Target.queue("sales"))).as(action.name()).isFalse();
            assertThat(policy.may(agent, action, Target.agent("a1"))).as(action + " on self").isFalse();
        }
    }
}
