package org.acdserver.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlReaderTest {

    @Test
    void everyNodeAndKeyKnowsItsLineAndColumn() throws Exception {
        YamlDocument doc = YamlReader.parse("""
                queues:
                  - id: sales
                    fallback: {queue: "support"}
                """, "queues.yaml");
        YamlNode.Mapping root = (YamlNode.Mapping) doc.root();
        YamlNode.Sequence queues = (YamlNode.Sequence) root.get("queues");
        YamlNode.Mapping sales = (YamlNode.Mapping) queues.items().get(0);
        assertThat(root.keyAt("queues")).isEqualTo(new Position(1, 1));
        assertThat(sales.get("id").at()).isEqualTo(new Position(2, 9));
        assertThat(sales.keyAt("fallback")).isEqualTo(new Position(3, 5));
        // A quoted value's column is its first character, past the quote.
        YamlNode.Mapping fallback = (YamlNode.Mapping) sales.get("fallback");
        assertThat(fallback.get("queue").at()).isEqualTo(new Position(3, 24));
        assertThat(doc.problem(fallback.get("queue"), "unknown queue").toString())
                .isEqualTo("queues.yaml:3:24: unknown queue");
    }

    @Test
    void scalarsKeepTheirTextAndWhetherTheyWereText() throws Exception {
        YamlNode.Mapping root = (YamlNode.Mapping) YamlReader.parse("a: 12\nb: \"12\"\nc: ~\nd: true\n", "x")
                .root();
        assertThat(root.get("a")).isEqualTo(new YamlNode.Scalar("12", false, new Position(1, 4)));
        assertThat(((YamlNode.Scalar) root.get("a")).isNumber()).isTrue();
        assertThat(((YamlNode.Scalar) root.get("b")).isNumber()).isFalse();
        assertThat(((YamlNode.Scalar) root.get("c")).text()).isNull();
        assertThat(((YamlNode.Scalar) root.get("d")).text()).isEqualTo("true");
    }

    @Test
    void keysWrittenTwiceAreEachReportedAndTheLaterValueKept() throws Exception {
        YamlDocument doc = YamlReader.parse("a: 1\nb: 2\na: 3\nb: 4\n", "x.yaml");
        assertThat(doc.duplicates()).extracting(YamlProblem::toString).containsExactly(
                "x.yaml:3:1: duplicate key 'a' (first written on line 1)",
                "x.yaml:4:1: duplicate key 'b' (first written on line 2)");
        assertThat(((YamlNode.Scalar) ((YamlNode.Mapping) doc.root()).get("a")).text()).isEqualTo("3");
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acd.yaml");
        Files.writeString(file, "agi:\n  host: [1, 2\n");
        assertThatThrownBy(() -> YamlReader.read(file)).isInstanceOfSatisfying(YamlException.class, e -> {
            assertThat(e.problem().file()).isEqualTo(file.toString());
            assertThat(e.problem().at().line()).isEqualTo(2);
            assertThat(e.getMessage()).startsWith(file + ":2:").contains("not valid YAML");
        });
        assertThatThrownBy(() -> YamlReader.read(dir.resolve("missing.yaml")))
                .hasMessageContaining("missing.yaml: cannot read");
    }

    @Test
    void anEmptyFileHasNoRoot() throws Exception {
        assertThat(YamlReader.parse("# nothing\n", "x").root()).isNull();
    }
}
