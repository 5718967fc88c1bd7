package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingDecision;
import org.acdserver.flow.Schedule;
import org.acdserver.gateway.TestRig;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;


/**
 * The reserved agent of a callback does not answer: on the real Asterisk, the agent goes not ready like after any
 * ring-no-answer, the customer is not dialed for that reservation, and the next agent places the callback.
 */
class CallbackReservationIT {

    @Test
    void anAgentWhoDoesNotAnswerTheReservationIsSkippedAndTheCustomerIsDialedOnce() throws Exception {
        CallbackSettings sales = new CallbackSettings("9", null, "Local/{number}@sim-customer/n",
                Pattern.compile("[0-9]{7,15}"), 1, Duration.ofSeconds(3), Duration.ofSeconds(3), Schedule.ALWAYS)
                .withWhisper(Set.of(WhisperPart.CALLING));
        try (TestRig rig = TestRig.start("cbreserve", List.of(new QueueDefinition("sales", 3, 600)),
                List.of(new AgentDefinition("deaf", "Local/deaf@sim-agent-noanswer/n", List.of("sales")),
                        new AgentDefinition("sam", "Local/sam@sim-agent-callback/n", List.of("sales"))),
                Map.of("sales", sales))) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
            CallbackStore store = new CallbackStore(rig.server.database().dataSource());
            rig.server.core().agentNotReady("sam", "break");
            String id = UUID.randomUUID().toString();
            Instant now = Instant.now();
            rig.server.callbacks().request(new CallbackTicket(id, null, "sales", "5557001", 0, Map.of(), now, now,
                    null)).get(10, TimeUnit.SECONDS);
            // deaf is reserved and rung first; after the ring time it counts as a ring-no-answer.
            await().atMost(20, TimeUnit.SECONDS).until(() -> rig.server.core().snapshot().get(5, TimeUnit.SECONDS)
                    .agents().get("deaf").state() == AgentState.NOT_READY);
            var deaf = rig.server.core().snapshot().get(5, TimeUnit.SECONDS).agents().get("deaf");
            assertThat(deaf.notReadyReason()).isEqualTo("no-answer");
            assertThat(store.find(id)).get().satisfies(v -> {
                assertThat(v.state()).isEqualTo("pending");
                assertThat(v.attempts()).as("the customer was not dialed").isZero();
                assertThat(v.outcome()).isEqualTo("agent_no_answer");
            });
            assertThat(rig.server.core().snapshot().get(5, TimeUnit.SECONDS).waiting().get("sales")).containsExactly(id);

            rig.server.core().agentReady("sam");
            CallbackView done = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> store.find(id), v -> v.isPresent() && v.get().state().equals("completed"))
                    .orElseThrow();
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.agent()).isEqualTo("sam");
            assertThat(rig.server.decisionsFor(id)).extracting(RoutingDecision::agentId, RoutingDecision::attempt)
                    .containsExactly(Tuple.tuple("deaf", 1),
                            Tuple.tuple("sam", 2));
        }
    }
}
