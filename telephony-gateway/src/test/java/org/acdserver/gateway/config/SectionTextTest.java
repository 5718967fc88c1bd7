package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class SectionTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String QUEUES = """
            # Queues, with comments that stay.
            queues:
              - id: sales
                ringTimeoutSeconds: 15
                fallback: {queue: support}
                # the key callers press
                callback: {key: "9"}
              # support takes what sales cannot
              - id: support
                ringTimeoutSeconds: 20
                fallback: flow
            # after the list
            other: 1
            """;

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void itemsAreJsonWithNumbersAndTextInFileOrder() throws Exception {
        SectionText s = SectionText.of(ConfigSection.QUEUES, "queues.yaml", QUEUES);
        assertThat(s.items()).containsOnlyKeys("sales", "support");
        assertThat(s.items().get("sales").toString()).isEqualTo(
                "{\"id\":\"sales\",\"ringTimeoutSeconds\":15,\"fallback\":{\"queue\":\"support\"},"
                        + "\"callback\":{\"key\":\"9\"}}");
    }

    @Test
    void replacingAnItemChangesOnlyItsLines() throws Exception {
        String out = SectionText.of(ConfigSection.QUEUES, "queues.yaml", QUEUES)
                .put(json("{\"id\":\"sales\",\"ringTimeoutSeconds\":25,\"fallback\":{\"queue\":\"support\"}}"));
        assertThat(out).startsWith("# Queues, with comments that stay.\nqueues:\n  - id: sales\n"
                + "    ringTimeoutSeconds: 25\n").contains("  # support takes what sales cannot\n  - id: support\n"
                + "    ringTimeoutSeconds: 20\n").endsWith("# after the list\nother: 1\n")
                .doesNotContain("callback").doesNotContain("the key callers press");
        SectionText again = SectionText.of(ConfigSection.QUEUES, "queues.yaml", out);
        assertThat(again.items().get("sales").path("ringTimeoutSeconds").asInt()).isEqualTo(25);
        assertThat(again.items().get("support")).isEqualTo(
                SectionText.of(ConfigSection.QUEUES, "q", QUEUES).items().get("support"));
    }

    @Test
    void aNewItemGoesAfterTheLastAndARemovedOneLeavesTheRest() throws Exception {
        SectionText s = SectionText.of(ConfigSection.QUEUES, "queues.yaml", QUEUES);
        String added = s.put(json("{\"id\":\"vip\",\"ringTimeoutSeconds\":5,\"fallback\":\"flow\","
                + "\"wrapUpCodes\":[\"a\",\"b\"]}"));
        SectionText after = SectionText.of(ConfigSection.QUEUES, "queues.yaml", added);
        assertThat(after.items()).containsOnlyKeys("sales", "support", "vip");
        assertThat(after.items().get("vip").path("wrapUpCodes").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(added).contains("    fallback: flow\n  - id: vip\n").endsWith("# after the list\nother: 1\n");

        String removed = SectionText.of(ConfigSection.QUEUES, "queues.yaml", added).remove("support");
        assertThat(SectionText.of(ConfigSection.QUEUES, "queues.yaml", removed).items())
                .containsOnlyKeys("sales", "vip");
        assertThat(removed).contains("# the key callers press").doesNotContain("id: support");
        assertThatThrownBy(() -> s.remove("nobody")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("queues.yaml");
    }

    @Test
    void mappingSectionsTakeTheirNameAsIdAndSkillsTheirTextAsDescription() throws Exception {
        String skills = "skills:\n  spanish: speaks Spanish\n  billing: invoices\n";
        SectionText s = SectionText.of(ConfigSection.SKILLS, "skills.yaml", skills);
        assertThat(s.items().get("billing").toString())
                .isEqualTo("{\"id\":\"billing\",\"description\":\"invoices\"}");
        String out = s.put(json("{\"id\":\"spanish\",\"description\":\"habla español\"}"));
        assertThat(out).isEqualTo("skills:\n  spanish: habla español\n  billing: invoices\n");
        String schedules = "schedules:\n  always: {zone: UTC, weekly: {mon: [\"00:00-24:00\"]}}\n";
        SectionText sch = SectionText.of(ConfigSection.SCHEDULES, "schedules.yaml", schedules);
        String more = sch.put(json("{\"id\":\"night\",\"zone\":\"UTC\",\"holidays\":[\"2026-12-25\"]}"));
        assertThat(SectionText.of(ConfigSection.SCHEDULES, "schedules.yaml", more).items().get("night")
                .path("holidays").get(0).asText()).isEqualTo("2026-12-25");
    }

    @Test
    void aFlowStyleOrMissingSectionIsWrittenInBlockStyle() throws Exception {
        String out = SectionText.of(ConfigSection.AGENTS, "agents.yaml", "agents: []\n")
                .put(json("{\"id\":\"a1\",\"endpoint\":\"PJSIP/1001\",\"queues\":[\"sales\"]}"));
        assertThat(out).startsWith("agents:\n  - id: a1\n");
        assertThat(SectionText.of(ConfigSection.AGENTS, "agents.yaml", out).items()).containsOnlyKeys("a1");
        String emptied = SectionText.of(ConfigSection.AGENTS, "agents.yaml", out).remove("a1");
        assertThat(emptied).startsWith("agents: []");
        String absent = SectionText.of(ConfigSection.SKILLS, "skills.yaml", "# none yet\n")
                .put(json("{\"id\":\"x\",\"description\":\"reads maps\"}"));
        assertThat(absent).isEqualTo("# none yet\nskills:\n  x: reads maps\n");
    }

    @Test
    void aBrokenFileIsAnErrorWithItsPlace() {
        assertThatThrownBy(() -> SectionText.of(ConfigSection.QUEUES, "queues.yaml", "queues:\n  - [unclosed\n"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("queues.yaml");
        assertThatThrownBy(() -> SectionText.of(ConfigSection.QUEUES, "queues.yaml", "queues:\n  - ring: 1\n"))
                .hasMessageContaining("queues.yaml:2:5").hasMessageContaining("without an id");
    }
}
