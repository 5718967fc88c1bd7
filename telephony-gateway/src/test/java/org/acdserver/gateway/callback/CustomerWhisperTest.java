package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerWhisperTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void theAgentHearsQueueNumberThenTheFlowsDataInItsOrder() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("balance", "1250.50");
        data.put("account", "A17");
        data.put("note", "calls; HANGUP");
        CallbackTicket t = new CallbackTicket("cb", "call", "sales", "5550100", 0, Map.of(), T, T, null, data);
        assertThat(CustomerWhisper.commands(t)).containsExactly("STREAM FILE calling \"\"",
                "SAY ALPHA sales \"\"", "SAY DIGITS 5550100 \"\"", "SAY NUMBER 1251 \"\"", "SAY ALPHA A17 \"\"");
    }

    @Test
    void withoutDataOnlyQueueAndNumberAreWhispered() {
        CallbackTicket t = new CallbackTicket("cb", null, "support", "5550101", 0, Map.of(), T, T, null);
        assertThat(CustomerWhisper.commands(t)).hasSize(3).last().isEqualTo("SAY DIGITS 5550101 \"\"");
    }
}
