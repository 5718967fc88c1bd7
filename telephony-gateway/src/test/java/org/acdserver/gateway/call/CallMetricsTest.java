package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.acdserver.gateway.config.ServiceLevelTarget;
import org.junit.jupiter.api.Test;

class CallMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CallMetrics metrics = new CallMetrics(registry);

    private double count(String queue, String result) {
        var c = registry.find("acd.queue.calls").tag("queue", queue).tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void callsAreCountedAgainstTheirQueuesServiceLevelTarget() {
        metrics.useServiceLevels(Map.of("support", new ServiceLevelTarget(90, 30)));
        metrics.queueCallEnded("support", true, 29.9);
        metrics.queueCallEnded("support", true, 30.5);
        metrics.queueCallEnded("support", false, 100);
        // sales has no target of its own: the default 20 s applies.
        metrics.queueCallEnded("sales", true, 25);
        assertThat(count("support", "answered_in_target")).isEqualTo(1);
        assertThat(count("support", "answered_late")).isEqualTo(1);
        assertThat(count("support", "abandoned")).isEqualTo(1);
        assertThat(count("sales", "answered_late")).isEqualTo(1);
        assertThat(count("sales", "answered_in_target")).isZero();
    }
}
