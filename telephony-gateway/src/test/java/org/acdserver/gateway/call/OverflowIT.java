package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.TestRig;
import org.acdserver.sandbox.SimulatedCaller;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.junit.jupiter.api.Test;

/** A caller nobody serves within the queue's maximum wait goes on with the flow, on a real Asterisk. */
class OverflowIT {

    @Test
    void aCallerWaitingPastTheMaximumLeavesTheQueueAndTheFlowGoesOn() throws Exception {
        try (TestRig rig = TestRig.start("overflow",
                List.of(new QueueDefinition("sales", 10, 30, 0, SelectionStrategy.LONGEST_IDLE, 1, Map.of(),
                                List.of(), 2, 0, null),
                        new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("tina", "Local/tina@sim-agent/n", List.of("support"))))) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
            rig.place(new SimulatedCaller("5552001", "1", 1, 30, 1), "of-000001").join();
            InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
            InteractionRecord r = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> records.byCallId("of-000001-a"), Optional::isPresent).orElseThrow();
            assertThat(r.outcome()).isEqualTo(InteractionOutcome.NO_AGENT);
            assertThat(r.queue()).isEqualTo("sales");
            assertThat(r.lastStep()).isEqualTo("goodbye");
            assertThat(r.waitSeconds()).isBetween(2.0, 4.0);
        }
    }
}
