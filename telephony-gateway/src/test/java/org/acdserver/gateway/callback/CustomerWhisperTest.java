package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.acdserver.gateway.agi.AgiReply;
import org.acdserver.gateway.agi.AgiRequest;
import org.acdserver.gateway.agi.AgiSession;
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
        assertThat(CustomerWhisper.commands(t, WhisperPart.ALL)).containsExactly("STREAM FILE calling \"\"",
                "SAY ALPHA sales \"\"", "SAY DIGITS 5550100 \"\"", "SAY NUMBER 1251 \"\"", "SAY ALPHA A17 \"\"");
    }

    @Test
    void withoutDataOnlyQueueAndNumberAreWhispered() {
        CallbackTicket t = new CallbackTicket("cb", null, "support", "5550101", 0, Map.of(), T, T, null);
        assertThat(CustomerWhisper.commands(t, WhisperPart.ALL)).hasSize(3).last().isEqualTo("SAY DIGITS 5550101 \"\"");
    }

    @Test
    void aQueueHearsOnlyThePartsItLists() {
        CallbackTicket t = new CallbackTicket("cb", "call", "sales", "5550100", 0, Map.of(), T, T, null,
                Map.of("balance", "12"));
        assertThat(CustomerWhisper.commands(t, Set.of(WhisperPart.CALLING))).containsExactly("STREAM FILE calling \"\"");
        assertThat(CustomerWhisper.commands(t, Set.of(WhisperPart.DATA, WhisperPart.NUMBER)))
                .containsExactly("SAY DIGITS 5550100 \"\"", "SAY NUMBER 12 \"\"");
        assertThat(CustomerWhisper.commands(t, Set.of())).isEmpty();
    }

    /**
     * An agent leg's session that takes one command at a time, as Asterisk runs them: a command sent while another is
     * outstanding fails, as one sent past a full queue does on the real connection. Replies come from the test.
     */
    private static final class OneAtATime implements AgiSession {
        final List<String> sent = new ArrayList<>();
        CompletableFuture<AgiReply> outstanding;
        boolean hungUp;

        @Override
        public CompletableFuture<AgiReply> send(String command) {
            if (outstanding != null && !outstanding.isDone()) {
                return CompletableFuture.failedFuture(new IllegalStateException("a command is running"));
            }
            sent.add(command);
            outstanding = new CompletableFuture<>();
            return outstanding;
        }

        void reply(int code) {
            outstanding.complete(new AgiReply(code, code == 200 ? 0 : AgiReply.NO_RESULT, null, -1,
                    List.of(code + " result=0")));
        }

        @Override
        public CompletableFuture<AgiReply> interruptWith(String command) {
            return send(command);
        }

        @Override
        public AgiRequest request() {
            return new AgiRequest(Map.of("agi_uniqueid", "cbleg-1"));
        }

        @Override
        public EventLoop eventLoop() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketAddress peer() {
            return new InetSocketAddress("127.0.0.1", 4573);
        }

        @Override
        public CompletableFuture<Void> hangup() {
            return new CompletableFuture<>();
        }

        @Override
        public boolean hungUp() {
            return hungUp;
        }

        @Override
        public void close() {
        }
    }

    private static CallbackTicket withData(int values) {
        Map<String, String> data = new LinkedHashMap<>();
        for (int i = 0; i < values; i++) {
            data.put("v" + i, Integer.toString(100 + i));
        }
        return new CallbackTicket("cb", "call", "sales", "5550100", 0, Map.of(), T, T, null, data);
    }

    @Test
    void aWhisperLongerThanTheSessionsQueueIsPlayedWholeOneCommandAtATime() {
        CallbackTicket t = withData(12);
        OneAtATime agent = new OneAtATime();
        CompletableFuture<Boolean> heard = CustomerWhisper.play(agent, t, WhisperPart.ALL);
        for (int i = 0; i < 3 + 12; i++) {
            assertThat(heard).as("after %d replies", i).isNotDone();
            agent.reply(200);
        }
        assertThat(heard).isCompletedWithValue(true);
        assertThat(agent.sent).hasSize(15).containsExactlyElementsOf(CustomerWhisper.commands(t, WhisperPart.ALL))
                .endsWith("SAY NUMBER 111 \"\"");
    }

    @Test
    void anAgentWhoHangsUpDuringTheWhisperEndsItAtOnce() {
        OneAtATime agent = new OneAtATime();
        CompletableFuture<Boolean> heard = CustomerWhisper.play(agent, withData(5), WhisperPart.ALL);
        agent.reply(200);
        agent.hungUp = true;
        agent.reply(200);
        assertThat(heard).isCompletedWithValue(false);
        assertThat(agent.sent).hasSize(2);

        OneAtATime dead = new OneAtATime();
        CompletableFuture<Boolean> gone = CustomerWhisper.play(dead, withData(5), WhisperPart.ALL);
        dead.reply(511);
        assertThat(gone).isCompletedWithValue(false);
        assertThat(dead.sent).hasSize(1);
    }
}
