package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.core.WaitEstimate;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.callback.CallbackOffer;
import org.acdserver.gateway.callback.WhisperPart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class ConfigurationLoaderTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    @Test
    void theShippedConfigurationLoads() throws Exception {
        LoadedConfiguration c = new ConfigurationLoader(k -> null).load(CONFIG);
        assertThat(c.configuration().flows()).containsKey("main");
        assertThat(c.configuration().routing().queuesById()).containsKeys("sales", "support");
        assertThat(c.configuration().routing().queuesById().get("sales").strategy())
                .isEqualTo(SelectionStrategy.LONGEST_IDLE);
        assertThat(c.settings().database().embedded()).isTrue();
        assertThat(c.configuration().routing().agents()).filteredOn(a -> a.id().equals("agent4")).singleElement()
                .satisfies(a -> assertThat(a.proficiency("spanish")).isEqualTo(6));
    }

    @Test
    void aProficiencyOutOfRangeIsRejectedWithItsFile(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("agents.yaml"),
                "agents:\n  - id: a1\n    endpoint: PJSIP/1001\n    queues: [sales]\n    skills: {spanish: 12}\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("agents.yaml:5:").hasMessageContaining("proficiency of spanish must be 1-10");
    }

    @Test
    void secretsComeFromTheEnvironmentAndNeverPrint() throws Exception {
        Map<String, String> env = Map.of("ACD_AMI_SECRET", "s3cr3t-from-env", "ACD_JDBC_URL",
                "jdbc:postgresql://db/acd", "ACD_JDBC_PASSWORD", "pw-from-env");
        LoadedConfiguration c = new ConfigurationLoader(env::get).load(CONFIG);
        assertThat(c.settings().ami().secret()).isEqualTo("s3cr3t-from-env");
        assertThat(c.settings().ami().toString()).doesNotContain("s3cr3t-from-env");
        assertThat(c.settings().database().embedded()).isFalse();
        assertThat(c.settings().database().toString()).doesNotContain("pw-from-env");
    }

    @Test
    void theEmbeddedDatabaseAndTheSpoolLiveInTheDataDirectoryBesideTheConfigurationByDefault() throws Exception {
        ServerSettings c = new ConfigurationLoader(k -> null)
                .load(CONFIG).settings();
        Path data = CONFIG.toAbsolutePath().normalize().resolveSibling("data");
        assertThat(c.database().dataDirectory()).isEqualTo(data.resolve("postgres"));
        assertThat(c.database().spoolDirectory()).isEqualTo(data.resolve("spool"));
        assertThat(c.database().toString()).contains(data.resolve("postgres").toString());
    }

    @Test
    void acdDataDirMovesTheDataDirectoryAndAcdYamlMovesEachPart(@TempDir Path dir) throws Exception {
        ServerSettings moved = new ConfigurationLoader(Map.of("ACD_DATA_DIR", "/var/lib/acd")::get)
                .load(CONFIG).settings();
        assertThat(moved.database().dataDirectory()).isEqualTo(Path.of("/var/lib/acd/postgres"));
        assertThat(moved.database().spoolDirectory()).isEqualTo(Path.of("/var/lib/acd/spool"));

        copy(dir);
        Files.writeString(dir.resolve("acd.yaml"), Files.readString(dir.resolve("acd.yaml")).replace(
                "database:\n", "database:\n  dataDirectory: ../db\n  spoolDirectory: /srv/spool\n"));
        ServerSettings configured = new ConfigurationLoader(k -> null)
                .load(dir).settings();
        assertThat(configured.database().dataDirectory()).isEqualTo(dir.resolveSibling("db").toAbsolutePath());
        assertThat(configured.database().spoolDirectory()).isEqualTo(Path.of("/srv/spool"));
    }

    @Test
    void anUnknownQueueInAFlowIsRejectedWithItsFile(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), "queues:\n  - id: sales\n    fallback: flow\n");
        Files.writeString(dir.resolve("agents.yaml"),
                "agents:\n  - id: a1\n    endpoint: PJSIP/1001\n    queues: [sales]\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("main.yaml").hasMessageContaining("unknown queue 'support'");
    }

    @Test
    void aQueueIdWithAColonIsRejectedSinceRecordsKeepItForTransferTargets(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"),
                "queues:\n  - id: sales\n    fallback: flow\n  - id: \"agent:bob\"\n    fallback: flow\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml:4:").hasMessageContaining("queue id 'agent:bob' has a ':'");
    }

    @Test
    void anUnknownStrategyIsRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"),
                "queues:\n  - id: sales\n    fallback: flow\n    strategy: ring-all\n  - id: support\n"
                        + "    fallback: flow\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml:4:").hasMessageContaining("unknown strategy 'ring-all'");
    }

    @Test
    void anEndpointThatCouldSplitADialCommandIsRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("agents.yaml"),
                "agents:\n  - id: a1\n    endpoint: \"PJSIP/1001,30,gm\"\n    queues: [sales]\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("agents.yaml:3:").hasMessageContaining("endpoint");
    }

    @Test
    void anUnknownSkillIsRejectedWithFileAndLine(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    fallback: flow
                  - id: support
                    fallback: {queue: sales}
                    requiredSkills:
                      spanish: 3
                      klingon: 2
                """);
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("queues.yaml:8:").hasMessageContaining("unknown skill 'klingon'");
    }

    @Test
    void aQueueWithoutAFallbackIsRejectedWithFileAndLine(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    fallback: flow
                  - id: support
                    maxWaitSeconds: 60
                """);
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml:4:").hasMessageContaining("queue 'support' has no fallback");
    }

    @Test
    void aFallbackToAnUnknownQueueOrAnUnknownSkillInAnEscalationStepIsRejected(@TempDir Path dir)
            throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    fallback: {queue: nowhere}
                  - id: support
                    fallback: flow
                """);
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml:3:").hasMessageContaining("unknown queue 'nowhere'");
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    fallback: flow
                  - id: support
                    fallback: flow
                    escalation:
                      - {after: 30, skills: {french: 2}}
                """);
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml:7:").hasMessageContaining("unknown skill 'french'");
    }

    @Test
    void agentsMayHaveAPriorityPerQueueAndQueuesAServiceLevel() throws Exception {
        LoadedConfiguration c = new ConfigurationLoader(k -> null).load(CONFIG);
        var agent4 = c.configuration().routing().agents().stream().filter(a -> a.id().equals("agent4")).findFirst()
                .orElseThrow();
        assertThat(agent4.queuePriority("support")).isEqualTo(1);
        assertThat(agent4.queuePriority("sales")).isEqualTo(2);
        assertThat(c.configuration().serviceLevel("support")).isEqualTo(new ServiceLevelTarget(90, 30));
        assertThat(c.configuration().routing().queuesById().get("sales").overflowQueue()).isEqualTo("support");
        assertThat(c.configuration().routing().queuesById().get("support").overflowQueue()).isNull();
    }

    @Test
    void aFlowNeedingAnUnknownSkillIsRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("skills.yaml"), "skills:\n  billing: invoices\n");
        Files.writeString(dir.resolve("queues.yaml"),
                "queues:\n  - id: sales\n    fallback: flow\n  - id: support\n    fallback: flow\n");
        Files.writeString(dir.resolve("agents.yaml"), "agents: []\n");
        Files.copy(CONFIG.resolve("flows/spanish.yaml"), dir.resolve("flows/spanish.yaml"));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("spanish.yaml").hasMessageContaining("unknown skill 'spanish'");
    }

    @Test
    void schedulesQueriesAndSoundDirectoriesAreLoadedForTheFlows() throws Exception {
        LoadedConfiguration c = new ConfigurationLoader(k -> null).load(CONFIG);
        assertThat(c.configuration().flows()).containsKeys("main", "care", "vip", "spanish");
        assertThat(c.configuration().flowResources().schedules()).containsKeys("office", "always");
        assertThat(c.configuration().flowResources().schedules().get("office").isOpen(
                Instant.parse("2026-12-25T10:00:00Z"))).isFalse();
        assertThat(c.configuration().flowResources().schedules().get("office").isOpen(
                Instant.parse("2026-11-24T10:00:00Z"))).isTrue();
        assertThat(c.configuration().flowResources().queries().get("customer-by-phone").parameters())
                .containsExactly("phone");
        assertThat(c.settings().watchFiles()).isFalse();
    }

    @Test
    void flowsNamingUnknownQueuesSchedulesOrQueriesAreRejectedWithEveryPosition(@TempDir Path dir)
            throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("flows/other.yaml"), """
                name: other
                start: h
                steps:
                  h: {type: hours, schedule: office, open: l, closed: q}
                  l: {type: lookup, query: customer-by-phone, with: {phone: caller}, next: q, onError: q}
                  q: {type: queue, queue: billing, next: bye}
                  bye: {type: hangup}
                """);
        Path other = dir.resolve("flows/other.yaml");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining(other + ":4:20: step 'h' names unknown schedule 'office'")
                .hasMessageContaining(other + ":5:21: step 'l' names unknown query 'customer-by-phone'")
                .hasMessageContaining(other + ":6:20: step 'q' names unknown queue 'billing'");

        Files.copy(CONFIG.resolve("schedules.yaml"), dir.resolve("schedules.yaml"));
        Files.copy(CONFIG.resolve("queries.yaml"), dir.resolve("queries.yaml"));
        Files.writeString(other, Files.readString(other).replace("queue: billing", "queue: sales"));
        assertThat(new ConfigurationLoader(k -> null).load(dir).configuration().flows()).containsKey("other");
    }

    @Test
    void promptsAreCheckedAgainstTheConfiguredSoundDirectories(@TempDir Path dir) throws Exception {
        copy(dir);
        Path sounds = Files.createDirectories(dir.resolve("sounds/en/digits"));
        for (String s : new String[] {"hello", "vm-press", "pm-invalid-option", "please-try-again"}) {
            Files.writeString(dir.resolve("sounds/en/" + s + ".gsm"), "");
        }
        Files.writeString(sounds.resolve("1.gsm"), "");
        Files.writeString(sounds.resolve("2.gsm"), "");
        Files.writeString(dir.resolve("acd.yaml"), Files.readString(dir.resolve("acd.yaml"))
                .replace("sounds: []", "sounds: [sounds]"));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("main.yaml:32:5: step 'goodbye' prompt 'vm-goodbye' has no sound file");
        Files.writeString(dir.resolve("sounds/en/vm-goodbye.wav"), "");
        assertThat(new ConfigurationLoader(k -> null).load(dir).configuration().flowResources().soundDirs()).hasSize(1);
    }

    @Test
    void aBrokenScheduleOrQueryIsRejectedWithItsFile(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("schedules.yaml"), "schedules:\n  office: {zone: UTC, weekly: {mon: [\"9-5\"]}}\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("schedules.yaml: schedule 'office'");
        Files.delete(dir.resolve("schedules.yaml"));
        Files.writeString(dir.resolve("queries.yaml"), "queries:\n  q: {sql: \"DELETE FROM customer\"}\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queries.yaml").hasMessageContaining("must be a SELECT");
    }

    @Test
    void queuesMayOfferCallbacksWithTheirOwnPolicyAndHours(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    fallback: flow
                    callback:
                      key: "*"
                      callerId: '"ACME" <5550000>'
                      dial: "PJSIP/{number}@trunk"
                      numberPattern: "0[0-9]{9}"
                      attempts: 2
                      retrySeconds: 60
                      hours: {zone: Europe/Berlin, mon: "08:00-18:00"}
                      offer: {waitAboveSeconds: 90, full: true, closed: true}
                  - id: support
                    fallback: flow
                """);
        LoadedConfiguration c = new ConfigurationLoader(k -> null).load(dir);
        assertThat(c.configuration().callbacks()).containsOnlyKeys("sales");
        var s = c.configuration().callbacks().get("sales");
        assertThat(s.key()).isEqualTo("*");
        assertThat(s.attempts()).isEqualTo(2);
        assertThat(s.retrySpacing()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.customerRing()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.dialString("0301234567")).isEqualTo("PJSIP/0301234567@trunk");
        assertThat(s.accepts("5550100")).isFalse();
        assertThat(s.offer()).isEqualTo(new CallbackOffer(90, false, true, true,
                List.of("vm-press", "digits/*")));
        assertThat(s.offer().holds(new WaitEstimate(3, 120, "default"), true)).isTrue();
        assertThat(s.offer().holds(new WaitEstimate(1, 60, "default"), true)).isFalse();
        assertThat(s.offer().holds(new WaitEstimate(1, 60, "default"), false)).isTrue();
        // Monday 2026-11-23, 07:30 UTC is 08:30 in Berlin: open.
        assertThat(s.hours().isOpen(Instant.parse("2026-11-23T07:30:00Z"))).isTrue();
        assertThat(new ConfigurationLoader(k -> null).load(CONFIG).configuration().callbacks()).containsKey("sales");
        assertThat(s.whisper()).isEqualTo(WhisperPart.ALL);
    }

    @Test
    void aQueueNamesWhatItsCallbackAgentsHearAndAnUnknownPartIsRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        String queues = "queues:\n  - id: sales\n    fallback: flow\n    callback: {dial: \"PJSIP/{number}\","
                + " whisper: [%s]}\n  - id: support\n    fallback: flow\n";
        Files.writeString(dir.resolve("queues.yaml"), queues.formatted("Calling, data"));
        assertThat(new ConfigurationLoader(k -> null).load(dir).configuration().callbacks().get("sales").whisper())
                .containsExactlyInAnyOrder(WhisperPart.CALLING, WhisperPart.DATA);
        Files.writeString(dir.resolve("queues.yaml"), queues.formatted("calling, name"));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml:4").hasMessageContaining("queue sales")
                .hasMessageContaining("whisper part 'name' is unknown (known: calling, queue, number, data)");
    }

    @Test
    void aQueueMayShortenTheWaitBetweenOffersDuringAnOutageWhichDefaultsTo15Seconds(@TempDir Path dir)
            throws Exception {
        copy(dir);
        String queues = "queues:\n  - id: sales\n    fallback: flow\n    callback: {dial: \"PJSIP/{number}\"%s}\n"
                + "  - id: support\n    fallback: flow\n";
        Files.writeString(dir.resolve("queues.yaml"), queues.formatted(""));
        assertThat(new ConfigurationLoader(k -> null).load(dir).configuration().callbacks().get("sales")
                .outageRetry()).isEqualTo(Duration.ofSeconds(15));
        Files.writeString(dir.resolve("queues.yaml"), queues.formatted(", outageRetrySeconds: 2"));
        assertThat(new ConfigurationLoader(k -> null).load(dir).configuration().callbacks().get("sales")
                .outageRetry()).isEqualTo(Duration.ofSeconds(2));
        Files.writeString(dir.resolve("queues.yaml"), queues.formatted(", outageRetrySeconds: 0"));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml:4").hasMessageContaining("queue sales")
                .hasMessageContaining("outageRetrySeconds must be at least 1, not 0");
    }

    @Test
    void aCallbackDialStringWithoutTheNumberIsRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"),
                "queues:\n  - id: sales\n    fallback: flow\n    callback: {dial: \"PJSIP/trunk\"}\n  - id: support\n"
                        + "    fallback: flow\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml").hasMessageContaining("queue sales")
                .hasMessageContaining("{number}");
    }

    @Test
    void badOpeningHoursAreRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), "queues:\n  - id: sales\n    fallback: flow\n    callback: {dial: \"PJSIP/{number}\","
                + " hours: {funday: \"08:00-18:00\"}}\n  - id: support\n    fallback: flow\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queue sales").hasMessageContaining("'funday' is not a weekday");
    }

    @Test
    void theManagerHeartbeatIsReadFromAcdYamlAndDefaultsTo3Seconds(@TempDir Path dir) throws Exception {
        copy(dir);
        Path acd = dir.resolve("acd.yaml");
        String original = Files.readString(acd);
        assertThat(original).contains("heartbeatSeconds: 3 ", "heartbeatTimeoutSeconds: 3 ");
        Files.writeString(acd, original.replace("heartbeatSeconds: 3 ", "heartbeatSeconds: 1.5 ")
                .replace("heartbeatTimeoutSeconds: 3 ", "heartbeatTimeoutSeconds: 2 "));
        ServerSettings set = new ConfigurationLoader(k -> null).load(dir).settings();
        assertThat(set.ami().heartbeatInterval()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(set.ami().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(2));

        Files.writeString(acd, original.lines().filter(l -> !l.contains("heartbeat"))
                .collect(Collectors.joining("\n")));
        ServerSettings unset = new ConfigurationLoader(k -> null).load(dir).settings();
        assertThat(unset.ami().heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(unset.ami().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(3));

        Files.writeString(acd, original.replace("heartbeatSeconds: 3 ", "heartbeatSeconds: 0 "));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("acd.yaml")
                .hasMessageContaining("ami.heartbeatSeconds must be a positive number of seconds, not '0'");
    }

    @Test
    void thePauseAfterAnAgentsLegIsReadFromAcdYamlAndDefaultsTo15Milliseconds(@TempDir Path dir) throws Exception {
        copy(dir);
        Path acd = dir.resolve("acd.yaml");
        String original = Files.readString(acd);
        assertThat(original).contains("legEndPauseMillis: 15\n");
        Files.writeString(acd, original.replace("legEndPauseMillis: 15\n", "legEndPauseMillis: 0\n"));
        assertThat(new ConfigurationLoader(k -> null).load(dir).settings().legEndPause()).isEqualTo(Duration.ZERO);
        Files.writeString(acd, original.replace("legEndPauseMillis: 15\n", "legEndPauseMillis: 200\n"));
        assertThat(new ConfigurationLoader(k -> null).load(dir).settings().legEndPause())
                .isEqualTo(Duration.ofMillis(200));
        Files.writeString(acd, original.lines().filter(l -> !l.startsWith("legEndPauseMillis"))
                .collect(Collectors.joining("\n")));
        assertThat(new ConfigurationLoader(k -> null).load(dir).settings().legEndPause())
                .isEqualTo(Duration.ofMillis(15));

        for (String bad : new String[] {"201", "-1"}) {
            Files.writeString(acd, original.replace("legEndPauseMillis: 15\n", "legEndPauseMillis: " + bad + "\n"));
            assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("acd.yaml")
                    .hasMessageContaining("legEndPauseMillis must be 0 (no pause) to 200, not " + bad);
        }
    }

    @Test
    void theSchedulerSliceIsReadFromAcdYamlAndDefaultsTo100Microseconds(@TempDir Path dir) throws Exception {
        copy(dir);
        Path acd = dir.resolve("acd.yaml");
        String original = Files.readString(acd);
        assertThat(original).contains("schedulerSliceMicros: 100 ");
        Files.writeString(acd, original.replace("schedulerSliceMicros: 100 ", "schedulerSliceMicros: 250 "));
        assertThat(new ConfigurationLoader(k -> null).load(dir).settings().schedulerSlice())
                .isEqualTo(Duration.ofNanos(250_000));
        Files.writeString(acd, original.replace("schedulerSliceMicros: 100 ", "schedulerSliceMicros: 0 "));
        assertThat(new ConfigurationLoader(k -> null).load(dir).settings().schedulerSlice()).isEqualTo(Duration.ZERO);
        Files.writeString(acd, original.lines().filter(l -> !l.startsWith("schedulerSliceMicros"))
                .collect(Collectors.joining("\n")));
        assertThat(new ConfigurationLoader(k -> null).load(dir).settings().schedulerSlice())
                .isEqualTo(Duration.ofNanos(100_000));

        Files.writeString(acd, original.replace("schedulerSliceMicros: 100 ", "schedulerSliceMicros: 50 "));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("acd.yaml")
                .hasMessageContaining("schedulerSliceMicros must be 0 (the kernel's own slice) or 100 to 100000, not 50");
    }

    @Test
    void aFlowOrConfigurationFileThatIsNotUtf8IsNamedWithLineAndColumn(@TempDir Path dir) throws Exception {
        copy(dir);
        // A comment written in Latin-1: its byte 0xFC ("ü" of "Menü") is no UTF-8.
        byte[] latin1 = ("# Men\u00fc\n" + Files.readString(dir.resolve("flows/main.yaml")))
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("flows/main.yaml"), latin1);
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(dir.resolve("flows/main.yaml") + ":1:6: not UTF-8: byte 0xFC");

        copy(dir.resolve("again"));
        Files.write(dir.resolve("again/queues.yaml"), ("queues: [] # caf\u00e9\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir.resolve("again")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(dir.resolve("again/queues.yaml") + ":1:17: not UTF-8: byte 0xE9");
    }

    private static void copy(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String f : new String[] {"acd.yaml", "skills.yaml", "queues.yaml", "agents.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"));
    }
}
