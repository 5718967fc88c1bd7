package org.acdserver.gateway.spy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.OriginateRequest;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.auth.AccessDeniedException;
import org.acdserver.gateway.auth.AccessPolicy;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.junit.jupiter.api.Test;

/**
 * Who may listen, what is sent to Asterisk, and what is stored, with an in-memory store, a recorded manager line and
 * a clock the test moves; Asterisk's events are fed in as the manager would deliver them.
 */
class SpyingTest {

    private static final RoutingConfiguration ROUTING = new RoutingConfiguration(
            List.of(new QueueDefinition("sales", 10, 30), new QueueDefinition("support", 10, 30)),
            List.of(new AgentDefinition("amy", "PJSIP/amy", List.of("sales")),
                    new AgentDefinition("bob", "Local/bob@phones/n", List.of("support"))));
    private static final Caller SUE = caller(new User(2, "sue", Role.SUPERVISOR, null, Set.of("sales"), false));
    private static final Caller TOM = caller(new User(3, "tom", Role.SUPERVISOR, null, Set.of("support"), false));
    private static final Caller ADA = caller(new User(1, "ada", Role.ADMIN, null, Set.of(), false));
    private static final Caller AMY = caller(new User(4, "amy", Role.AGENT, "amy", Set.of(), false));

    private final Records records = new Records();
    private final List<OriginateRequest> originated = new ArrayList<>();
    private final List<AmiAction> sent = new ArrayList<>();
    private final List<AuditEntry> audit = new ArrayList<>();
    private Instant now = Instant.parse("2026-03-02T10:00:00Z");
    private final AgentCalls calls = new AgentCalls(() -> ROUTING);
    private final Spying spying = new Spying(records, new Spying.Line() {
        @Override
        public CompletableFuture<AmiMessage> originate(OriginateRequest request) {
            originated.add(request);
            return CompletableFuture.completedFuture(AmiMessage.of("Response", "Success"));
        }

        @Override
        public CompletableFuture<AmiMessage> send(AmiAction action) {
            sent.add(action);
            return CompletableFuture.completedFuture(AmiMessage.of("Response", "Success"));
        }
    }, calls, new AccessPolicy(() -> ROUTING), entry -> {
        audit.add(entry);
        return CompletableFuture.completedFuture(null);
    }, Runnable::run, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, Duration.ofSeconds(30));

    private static Caller caller(User user) {
        return new Caller(user, Caller.Credential.SESSION, "csrf", "key", "10.0.0.9");
    }

    private void amyAnswers() {
        calls.onEvent(AmiMessage.of("Event", "DialEnd", "Uniqueid", "call-1", "DestChannel", "PJSIP/amy-0000000a",
                "DialStatus", "ANSWER"));
    }

    private static Throwable cause(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            Throwable c = e;
            while (c instanceof CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            return c;
        }
    }

    @Test
    void aSupervisorOfAnotherQueueIsRefusedAndTheRefusalAudited() {
        records.phones.put("tom", "PJSIP/tom");
        amyAnswers();
        assertThat(cause(spying.start(TOM, "amy", "listen"))).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("tom supervises none of amy's queues");
        assertThat(originated).isEmpty();
        assertThat(records.rows).isEmpty();
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("spy_start");
            assertThat(e.success()).isFalse();
            assertThat(e.actor()).isEqualTo("tom");
        });
        assertThat(cause(spying.start(AMY, "amy", "listen"))).as("an agent listens to no one")
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void withoutAPhoneOrACallTheSupervisorIsToldWhy() {
        assertThat(cause(spying.start(SUE, "amy", "listen"))).isInstanceOf(SpyRefusedException.class)
                .hasMessageContaining("sue has no phone").hasMessageContaining("user phone sue");
        records.phones.put("sue", "PJSIP/sue");
        assertThat(cause(spying.start(SUE, "amy", "listen"))).isInstanceOf(SpyRefusedException.class)
                .hasMessage("agent amy is on no call now");
        assertThat(cause(spying.start(SUE, "amy", "eavesdrop"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listen, whisper, barge");
        assertThat(originated).isEmpty();
    }

    @Test
    void theSupervisorsPhoneIsRungIntoChanSpyOnTheAgentsChannelAndEachStepIsStored() {
        records.phones.put("sue", "PJSIP/sue");
        amyAnswers();
        Spying.SpyView view = spying.start(SUE, "amy", "listen").join();
        assertThat(view.channel()).isEqualTo("spy-0000000001");
        OriginateRequest o = originated.get(0);
        assertThat(o.channel()).isEqualTo("PJSIP/sue");
        assertThat(o.channelId()).isEqualTo("spy-0000000001");
        assertThat(List.of(o.context(), o.exten())).containsExactly(Spying.CONTEXT, "s");
        assertThat(o.variables()).containsExactly(Map.entry("SPY_TARGET", "PJSIP/amy-0000000a"),
                Map.entry("SPY_OPTIONS", "qEd"));
        Row row = records.rows.get(1L);
        assertThat(List.of(row.supervisor, row.agent, row.callId, row.channel, row.mode))
                .containsExactly("sue", "amy", "call-1", "PJSIP/amy-0000000a", SpyMode.LISTEN);

        spying.onEvent(AmiMessage.of("Event", "ChanSpyStart", "SpyerUniqueid", "spy-0000000001",
                "SpyeeChannel", "PJSIP/amy-0000000a"));
        assertThat(row.joined).isEqualTo(now);
        now = now.plusSeconds(3);
        spying.switchMode(SUE, 1, "whisper").join();
        assertThat(sent.get(0).name()).isEqualTo("PlayDTMF");
        assertThat(sent.get(0).headers()).contains(Map.entry("Channel", "spy-0000000001"), Map.entry("Digit", "5"),
                Map.entry("Receive", "true"));
        assertThat(row.changes).containsExactly("whisper by sue");
        assertThat(cause(spying.switchMode(TOM, 1, "barge"))).isInstanceOf(AccessDeniedException.class);

        now = now.plusSeconds(4);
        spying.stop(SUE, 1).join();
        assertThat(sent.get(1).name()).isEqualTo("Hangup");
        assertThat(row.ended).as("the end is Asterisk's hangup, not the request").isNull();
        spying.onEvent(AmiMessage.of("Event", "ChanSpyStop", "SpyerUniqueid", "spy-0000000001"));
        spying.onEvent(AmiMessage.of("Event", "Hangup", "Uniqueid", "spy-0000000001"));
        assertThat(row.ended).isEqualTo(now);
        assertThat(row.durationMillis).isEqualTo(7_000);
        assertThat(row.reason).isEqualTo("stopped by sue");
        assertThat(audit).extracting(AuditEntry::action).containsExactly("spy_start", "spy_mode", "spy_mode",
                "spy_stop", "spy_end");
        assertThat(spying.running()).isEmpty();
        assertThat(cause(spying.stop(SUE, 1))).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aSpyThatNeverJoinsLastsNothingAndOneThatOutlivesTheCallEndsWithIt() {
        records.phones.put("ada", "PJSIP/ada");
        amyAnswers();
        spying.start(ADA, "amy", "barge").join();
        assertThat(originated.get(0).variables()).containsEntry("SPY_OPTIONS", "qBEd");
        now = now.plusSeconds(30);
        spying.onEvent(AmiMessage.of("Event", "Hangup", "Uniqueid", "spy-0000000001"));
        assertThat(records.rows.get(1L).durationMillis).isZero();
        assertThat(records.rows.get(1L).reason).isEqualTo("the phone did not join the call");

        spying.start(ADA, "amy", "whisper").join();
        spying.onEvent(AmiMessage.of("Event", "ChanSpyStart", "SpyerUniqueid", "spy-0000000002"));
        now = now.plusMillis(2_500);
        calls.onEvent(AmiMessage.of("Event", "Hangup", "Channel", "PJSIP/amy-0000000a"));
        spying.onEvent(AmiMessage.of("Event", "ChanSpyStop", "SpyerUniqueid", "spy-0000000002"));
        assertThat(records.rows.get(2L).durationMillis).isEqualTo(2_500);
        assertThat(records.rows.get(2L).reason).isEqualTo("left the agent's call");
        assertThat(calls.of("amy")).isEmpty();
    }

    @Test
    void aSupervisorsReportHoldsTheirQueuesAgentsOnly() {
        records.listed.add(listed(1, "amy"));
        records.listed.add(listed(2, "bob"));
        assertThat(spying.report(SUE, now, 10).join()).extracting(SpyRow::agentId).containsExactly("amy");
        assertThat(spying.report(TOM, now, 10).join()).extracting(SpyRow::agentId).containsExactly("bob");
        assertThat(spying.report(ADA, now, 10).join()).extracting(SpyRow::agentId).containsExactly("amy", "bob");
    }

    @Test
    void aPhoneIsADialStringWithoutSeparators() {
        assertThat(spying.setPhone(ADA, "sue", " PJSIP/sup1 ").join()).containsEntry("phone", "PJSIP/sup1");
        assertThat(records.phones).containsEntry("sue", "PJSIP/sup1");
        for (String bad : List.of("PJSIP/sup1,B", "PJSIP/a&PJSIP/b", "sup1", "PJSIP/ sup1", "")) {
            assertThat(cause(spying.setPhone(ADA, "sue", bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dial string");
        }
        assertThat(cause(spying.setPhone(ADA, "nobody", "PJSIP/x"))).isInstanceOf(
                NoSuchElementException.class);
    }

    @Test
    void anAgentsChannelIsKnownFromTheAnsweredDialUntilItHangsUp() {
        calls.onEvent(AmiMessage.of("Event", "DialEnd", "Uniqueid", "call-2", "DestChannel",
                "Local/bob@phones-0000000b;1", "DialStatus", "ANSWER"));
        calls.onEvent(AmiMessage.of("Event", "DialEnd", "Uniqueid", "call-3", "DestChannel", "PJSIP/amy-0000000c",
                "DialStatus", "NOANSWER"));
        calls.onEvent(AmiMessage.of("Event", "DialEnd", "Uniqueid", "call-4", "DestChannel", "PJSIP/zed-0000000d",
                "DialStatus", "ANSWER"));
        assertThat(calls.of("bob")).hasValue(new AgentCalls.LiveCall("bob", "call-2", "Local/bob@phones-0000000b;1"));
        assertThat(calls.of("amy")).as("an unanswered ring is no call").isEmpty();
        calls.onEvent(AmiMessage.of("Event", "Hangup", "Channel", "Local/bob@phones-0000000b;1"));
        assertThat(calls.of("bob")).isEmpty();
    }

    @Test
    void eachModeAsksChanSpyForItsOptionsAndItsSwitchDigit() {
        assertThat(SpyMode.LISTEN.options()).isEqualTo("qEd");
        assertThat(SpyMode.WHISPER.options()).contains("w");
        assertThat(SpyMode.BARGE.options()).contains("B");
        for (SpyMode m : SpyMode.values()) {
            assertThat(SpyMode.ofOptions(m.options())).isEqualTo(m);
            assertThat(SpyMode.parse(" " + m.wireName().toUpperCase() + " ")).isEqualTo(m);
        }
        assertThat(List.of(SpyMode.LISTEN.digit(), SpyMode.WHISPER.digit(), SpyMode.BARGE.digit()))
                .containsExactly('4', '5', '6');
    }

    private SpyRow listed(long id, String agent) {
        return new SpyRow(id, "sue", agent, "c" + id, "PJSIP/" + agent + "-1", "PJSIP/sue", SpyMode.LISTEN, now,
                now, now, 0L, "done", List.of());
    }

    /** A stored spy, as the fake keeps it. */
    private static final class Row {
        String supervisor;
        String agent;
        String callId;
        String channel;
        SpyMode mode;
        Instant joined;
        Instant ended;
        Long durationMillis;
        String reason;
        final List<String> changes = new ArrayList<>();
    }

    /** Spy records in memory. */
    private static final class Records implements SpyRecords {
        final Map<String, String> phones = new HashMap<>();
        final Map<Long, Row> rows = new HashMap<>();
        final List<SpyRow> listed = new ArrayList<>();

        @Override
        public Optional<String> phone(String username) {
            return Optional.ofNullable(phones.get(username));
        }

        @Override
        public boolean setPhone(String username, String endpoint) {
            if (!Set.of("sue", "tom", "ada").contains(username)) {
                return false;
            }
            phones.put(username, endpoint);
            return true;
        }

        @Override
        public long open(String supervisor, String agentId, String callId, String agentChannel, String phone,
                         SpyMode mode, Instant requestedAt) {
            Row r = new Row();
            r.supervisor = supervisor;
            r.agent = agentId;
            r.callId = callId;
            r.channel = agentChannel;
            r.mode = mode;
            long id = rows.size() + 1;
            rows.put(id, r);
            return id;
        }

        @Override
        public void joined(long id, Instant at) {
            rows.get(id).joined = at;
        }

        @Override
        public void modeChanged(long id, SpyMode mode, String by, Instant at) {
            rows.get(id).changes.add(mode + " by " + by);
        }

        @Override
        public void ended(long id, Instant at, long durationMillis, String reason) {
            Row r = rows.get(id);
            r.ended = at;
            r.durationMillis = durationMillis;
            r.reason = reason;
        }

        @Override
        public List<SpyRow> since(Instant since, int limit) {
            return listed;
        }
    }
}
