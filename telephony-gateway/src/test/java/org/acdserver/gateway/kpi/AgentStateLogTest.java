package org.acdserver.gateway.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;
import org.acdserver.core.AgentStateChange;
import org.acdserver.gateway.call.CallMetrics;
import org.acdserver.gateway.config.ServiceLevelTarget;
import org.acdserver.gateway.store.AgentStateRecord;
import org.junit.jupiter.api.Test;

class AgentStateLogTest {

    private final List<AgentStateRecord> stored = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CallMetrics metrics = new CallMetrics(registry);
    private final AgentStateLog log = new AgentStateLog(stored::add, metrics,
            Clock.fixed(Instant.ofEpochMilli(99_000), ZoneOffset.UTC));

    private void change(String agent, AgentActivity a, String call, long at) {
        log.accept(new AgentStateChange(agent, a, AgentStateCause.SYSTEM, null, call, call == null ? null : "sales",
                call == null ? 0 : 500, at));
    }

    @Test
    void everyChangeIsStoredWithAUniqueIdAndTheHandleTimeOfEachCallIsMeasured() {
        metrics.useServiceLevels(Map.of("sales", ServiceLevelTarget.DEFAULT));
        change("ann", AgentActivity.RINGING, "c1", 1_000);
        change("ann", AgentActivity.ON_CALL, "c1", 2_000);
        change("ann", AgentActivity.ON_HOLD, "c1", 5_000);
        change("ann", AgentActivity.ON_CALL, "c1", 7_000);
        change("ann", AgentActivity.WRAP_UP, "c1", 12_000);
        change("ann", AgentActivity.READY, null, 32_000);
        change("bob", AgentActivity.ON_CALL, "c2", 40_000);
        change("bob", AgentActivity.ON_CALL, "c3", 50_000);
        assertThat(stored).hasSize(8);
        assertThat(stored).extracting(AgentStateRecord::eventId).doesNotHaveDuplicates();
        assertThat(stored.get(1).callEnqueuedAt()).isEqualTo(Instant.ofEpochMilli(500));
        assertThat(stored.get(5).callEnqueuedAt()).isNull();
        Timer handle = registry.find("acd.handle.time").tag("queue", "sales").timer();
        assertThat(handle.count()).as("c1 ended, and c2 when bob went on to c3").isEqualTo(2);
        assertThat(handle.max(TimeUnit.MILLISECONDS)).isEqualTo(30_000);
        assertThat(handle.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40_000);
        assertThat(log.current().get("ann").activity()).isEqualTo(AgentActivity.READY);
        assertThat(log.current().get("ann").since()).isEqualTo(Instant.ofEpochMilli(32_000));
    }

    @Test
    void stoppingSignsOutEveryAgentNotSignedOutAlready() {
        change("ann", AgentActivity.READY, null, 1_000);
        change("bob", AgentActivity.LOGGED_OUT, null, 1_000);
        stored.clear();
        log.signOutAll();
        assertThat(stored).singleElement().satisfies(r -> {
            assertThat(r.agent()).isEqualTo("ann");
            assertThat(r.activity()).isEqualTo(AgentActivity.LOGGED_OUT);
            assertThat(r.at()).isEqualTo(Instant.ofEpochMilli(99_000));
        });
    }
}
