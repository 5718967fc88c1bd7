package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acdserver.gateway.callback.CallbackMetrics;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.CallbackTicket;
import org.junit.jupiter.api.Test;

/** A call asks the callback policies of the configuration version it started on; a reload does not change them. */
class CallbackIntakeTest {

    @Test
    void aPinnedIntakeAnswersWithItsSnapshotsPoliciesAndSendsRequestsToTheDesk() {
        ScriptedCallbacks desk = new ScriptedCallbacks(new CallbackMetrics(new SimpleMeterRegistry()));
        CallbackSettings atStart = CallFixture.callbacks(false, List.of());
        CallbackIntake pinned = desk.pinnedTo(Map.of("sales", atStart));

        // A reload activates other policies: sales drops callbacks, support gains them.
        desk.settings.put("support", CallFixture.callbacks(true, List.of()));

        assertThat(pinned.settings("sales")).isSameAs(atStart);
        assertThat(pinned.settings("support")).isNull();
        assertThat(desk.settings("sales")).isNull();

        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        CallbackTicket ticket = new CallbackTicket("cb-1", "call-1", "sales", "5550100", 0, Map.of(), now, now,
                null, Map.of());
        pinned.request(ticket);
        assertThat(desk.tickets).containsExactly(ticket);
        assertThat(pinned.metrics()).isSameAs(desk.metrics());
    }
}
