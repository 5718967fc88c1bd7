package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.flow.Flow;
import org.acdserver.flow.NamedQuery;
import org.acdserver.flow.Schedule;
import org.acdserver.flow.Step;
import org.junit.jupiter.api.Test;

class ActiveConfigurationTest {

    private static RoutingConfiguration routing(String... agents) {
        return new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 30)),
                Arrays.stream(agents).map(a -> new AgentDefinition(a, "PJSIP/" + a, List.of("sales")))
                        .toList());
    }

    private static ConfigurationSnapshot snapshot(String flowStart, String query, String... agents) {
        Flow main = new Flow("main", flowStart, Map.of(flowStart, new Step.Hangup(flowStart, List.of())),
                "main.yaml");
        return ConfigurationSnapshot.builder(routing(agents))
                .flows(Map.of("main", main))
                .flowResources(new FlowResources(Map.of("always", Schedule.ALWAYS),
                        Map.of(query, new NamedQuery(query, "SELECT 1", List.of())), List.of()))
                .build();
    }

    @Test
    void everyActivationIsTheNextVersionAndOldSnapshotsStayAsTheyWere() {
        ActiveConfiguration active = new ActiveConfiguration(snapshot("a", "q1", "ann"));
        ConfigurationSnapshot first = active.get();
        assertThat(first.version()).isEqualTo(1);

        ConfigurationSnapshot second = active.activate(snapshot("b", "q2", "ann", "bob"));
        assertThat(second.version()).isEqualTo(2);
        assertThat(active.get()).isSameAs(second);
        assertThat(second.routing().agents()).extracting(AgentDefinition::id).containsExactly("ann", "bob");
        // What a call took at its start is untouched by the activation.
        assertThat(first.flows().get("main").start()).isEqualTo("a");
        assertThat(first.routing().agents()).extracting(AgentDefinition::id).containsExactly("ann");
    }

    @Test
    void aRollbackIsANewVersionWithTheFlowsBeforeAndTheRoutingOfNow() {
        ActiveConfiguration active = new ActiveConfiguration(snapshot("a", "q1", "ann"));
        assertThatThrownBy(active::rollbackFlows).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no previous flow version");
        active.activate(snapshot("b", "q2", "ann", "bob"));

        ConfigurationSnapshot back = active.rollbackFlows();
        assertThat(back.version()).isEqualTo(3);
        assertThat(back.flows().get("main").start()).isEqualTo("a");
        assertThat(back.flowResources().queries()).containsOnlyKeys("q1");
        assertThat(back.routing().agents()).extracting(AgentDefinition::id).containsExactly("ann", "bob");

        // A second rollback goes forward again.
        ConfigurationSnapshot forward = active.rollbackFlows();
        assertThat(forward.version()).isEqualTo(4);
        assertThat(forward.flows().get("main").start()).isEqualTo("b");
    }

    @Test
    void settingsAndSnapshotsAreBuiltWithoutCopyingEveryField() {
        ServerSettings settings = ServerSettings.builder(Path.of("config")).agi("127.0.0.1", 0)
                .publicHttp("127.0.0.1", 0).build();
        assertThat(settings.http().adminListener()).isEqualTo(ServerSettings.HttpListeners.DEFAULT.adminListener());
        assertThat(settings.flowsDirectory()).isEqualTo(Path.of("config/flows"));
        assertThat(settings.toBuilder().watchFiles(true).build())
                .isEqualTo(new ServerSettings(settings.directory(), settings.agi(), settings.ami(), settings.http(),
                        settings.database(), settings.flowsDirectory(), true));
        ConfigurationSnapshot s = snapshot("a", "q1", "ann");
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.serviceLevel("sales")).isEqualTo(ServiceLevelTarget.DEFAULT);
    }
}
