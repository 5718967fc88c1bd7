package org.acdserver.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.acdserver.gateway.config.ConfigurationDiff;
import org.junit.jupiter.api.Test;

class ApiRepliesTest {

    @Test
    void aLoaderMessageIsSplitIntoPlacedProblems() {
        ApiReplies.Invalid invalid = ApiReplies.invalid("/c/flows/main.yaml:21:5: unknown step 'nowhere'\n"
                + "/c/queues.yaml:4: no column here\nsomething without a place");
        assertThat(invalid.problems()).containsExactly(
                new ApiReplies.Problem("/c/flows/main.yaml", 21, 5, "unknown step 'nowhere'"),
                new ApiReplies.Problem("/c/queues.yaml", 4, 0, "no column here"),
                new ApiReplies.Problem(null, 0, 0, "something without a place"));
    }

    @Test
    void ifMatchMustNameTheCurrentTagOrAStar() {
        String tag = ApiReplies.etag("text");
        assertThat(tag).startsWith("\"").endsWith("\"").hasSize(26).isNotEqualTo(ApiReplies.etag("text "));
        ApiReplies.requireMatch(tag, tag, "queue sales");
        ApiReplies.requireMatch("\"other\", W/" + tag, tag, "queue sales");
        ApiReplies.requireMatch("*", tag, "queue sales");
        assertThatThrownBy(() -> ApiReplies.requireMatch(null, tag, "queue sales"))
                .isInstanceOfSatisfying(EditRefused.class, e -> assertThat(e.status()).isEqualTo(428));
        assertThatThrownBy(() -> ApiReplies.requireMatch("\"old\"", tag, "queue sales"))
                .isInstanceOfSatisfying(EditRefused.class, e -> assertThat(e.status()).isEqualTo(412))
                .hasMessageContaining("queue sales changed");
    }

    @Test
    void aDiffNamesAddedRemovedAndModifiedFilesAndLeavesEqualOnesOut() {
        List<ConfigurationDiff.FileChange> changes = ConfigurationDiff.between(
                Map.of("a.yaml", "x: 1\ny: 2\n", "b.yaml", "same\n", "gone.yaml", "old\n"),
                Map.of("a.yaml", "x: 1\ny: 3\n", "b.yaml", "same\n", "new.yaml", "fresh\n"));
        assertThat(changes).extracting(ConfigurationDiff.FileChange::file, ConfigurationDiff.FileChange::change)
                .containsExactly(tuple("a.yaml", "modified"),
                        tuple("gone.yaml", "removed"),
                        tuple("new.yaml", "added"));
        assertThat(changes.get(0).diff()).contains("--- a/a.yaml", "+++ b/a.yaml", "-y: 2", "+y: 3");
        assertThat(changes.get(2).diff()).contains("--- /dev/null", "+++ b/new.yaml", "+fresh");
        assertThat(ConfigurationDiff.text(changes)).startsWith(changes.get(0).diff());
    }
}
