package org.acdserver.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A reload the file watch starts is audited as done by {@code file change}, with the version before and after. */
class ConfigurationAuditTest {

    private final List<AuditEntry> recorded = new CopyOnWriteArrayList<>();
    private final AtomicReference<ConfigurationSnapshot> active = new AtomicReference<>();
    private ConfigurationAudit audit;

    @BeforeEach
    void load() throws Exception {
        active.set(new ConfigurationLoader(k -> null).load(TestRig.repoRoot().resolve("config")).configuration()
                .toBuilder().version(7).build());
        audit = new ConfigurationAudit(active::get, entry -> {
            recorded.add(entry);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void theStateIsTheVersionAndEachFlowByItsHash() {
        Map<String, Object> state = audit.state();
        assertThat(state).containsEntry("version", 7L);
        assertThat(map(state.get("flows"))).containsKey("main")
                .allSatisfy((flow, hash) -> assertThat((String) hash).hasSize(12));
    }

    @Test
    void aReloadByTheFileWatchIsAuditedWithTheVersionBeforeAndAfter() throws Exception {
        String report = audit.fileChange(() -> {
            active.set(active.get().toBuilder().version(8).build());
            return "reloaded: 8";
        });
        assertThat(report).isEqualTo("reloaded: 8");
        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("file change");
            assertThat(e.action()).isEqualTo("reload");
            assertThat(e.success()).isTrue();
            assertThat(e.detail()).isEqualTo("reloaded: 8");
            assertThat(map(e.before())).containsEntry("version", 7L);
            assertThat(map(e.after())).containsEntry("version", 8L);
        });
    }

    @Test
    void anInvalidEditIsAuditedAsAFailedReloadAndStillThrown() {
        assertThatThrownBy(() -> audit.fileChange(() -> {
            throw new InvalidConfigurationException("queues.yaml:3:5: unknown key 'ringTimeout'");
        })).isInstanceOf(InvalidConfigurationException.class);
        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.success()).isFalse();
            assertThat(e.detail()).contains("queues.yaml:3:5");
            assertThat(map(e.before())).containsEntry("version", 7L);
            assertThat(e.after()).isNull();
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object state) {
        assertThat(state).isInstanceOf(Map.class);
        return (Map<String, Object>) state;
    }
}
