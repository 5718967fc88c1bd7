package org.acdserver.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.acdserver.flow.FlowProblem;
import org.acdserver.flow.FlowSimulator;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's flow work against a copy of the repository's configuration: the edited text is checked as a reload
 * checks the files (same messages, same places), drawn, run, and activated through the file with a reload; a text or
 * a reload that fails changes nothing.
 */
class FlowConsoleTest {

    @TempDir
    Path dir;
    private Path mainFile;
    private String mainText;
    private final AtomicReference<ConfigurationSnapshot> active = new AtomicReference<>();
    private final AtomicInteger reloads = new AtomicInteger();
    private final AtomicReference<String> refuseReload = new AtomicReference<>();
    private FlowConsole console;

    @BeforeEach
    void copyConfiguration() throws Exception {
        Path from = TestRig.repoRoot().resolve("config");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(dir);
        active.set(loaded.configuration());
        mainFile = Path.of(active.get().flows().get("main").source());
        mainText = Files.readString(mainFile);
        console = new FlowConsole(active::get, who -> {
            if (refuseReload.get() != null) {
                throw new InvalidConfigurationException(refuseReload.get());
            }
            reloads.incrementAndGet();
            active.set(new ConfigurationLoader(k -> null).configuration(loaded.settings()));
            return "reloaded by " + who;
        }, null, null);
    }

    @Test
    void anEditedTextIsCheckedAsAReloadWouldWithLineAndColumn() throws Exception {
        String broken = mainText.replace("    next: menu", "    next: menuu");
        List<FlowProblem> problems = console.check("main", broken);
        assertThat(problems).hasSize(1);
        FlowProblem p = problems.get(0);
        assertThat(p.message()).isEqualTo("step 'welcome' goes to unknown step 'menuu'");
        assertThat(p.file()).isEqualTo(mainFile.toString());
        int line = broken.lines().toList().indexOf("    next: menuu") + 1;
        assertThat(p.line()).isEqualTo(line);
        assertThat(p.column()).isPositive();

        // The same text in the file: the reload's own message names the same place.
        Files.writeString(mainFile, broken);
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(mainFile + ":" + line + ":" + p.column() + ": " + p.message());

        assertThat(console.check("main", mainText)).isEmpty();
    }

    @Test
    void queuesAndRenamesAreCheckedAgainstTheActiveConfiguration() {
        List<FlowProblem> queue = console.check("main", mainText.replace("queue: sales", "queue: salez"));
        assertThat(queue).extracting(FlowProblem::message).anyMatch(m -> m.contains("salez"));
        assertThat(queue).allSatisfy(p -> assertThat(p.line()).isPositive());
        List<FlowProblem> renamed = console.check("main", mainText.replace("name: main", "name: other"));
        assertThat(renamed).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("'other'").contains("'main'");
            assertThat(p.line()).isEqualTo(mainText.lines().toList().indexOf("name: main") + 1);
        });
        assertThat(console.check("main", "steps: [unclosed")).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(1));
    }

    @Test
    void theDiagramHasEveryStepAndLabelledExits() throws Exception {
        FlowDiagram d = console.diagram("main", mainText);
        assertThat(d.start()).isEqualTo("welcome");
        assertThat(d.nodes()).extracting(FlowDiagram.Node::id)
                .containsExactly("welcome", "menu", "sales", "support", "goodbye");
        assertThat(d.nodes()).contains(new FlowDiagram.Node("menu", "menu"), new FlowDiagram.Node("sales", "queue"));
        assertThat(d.edges()).contains(new FlowDiagram.Edge("welcome", "menu", "next"),
                new FlowDiagram.Edge("menu", "sales", "1"), new FlowDiagram.Edge("menu", "support", "2"),
                new FlowDiagram.Edge("menu", "goodbye", "fallback"));
        assertThatThrownBy(() -> console.diagram("main", mainText.replace("next: menu", "next: nowhere")))
                .isInstanceOf(FlowRejectedException.class);
    }

    @Test
    void anEditedTextRunsWithKeysAndItsOwnTests() throws Exception {
        String edited = mainText.replace("\"1\": sales", "\"1\": support")
                .replace("\"2\": support", "\"2\": sales");
        FlowSimulator.Transcript two = console.simulate("main", edited, "2", "5550100", QueueResult.CONNECTED);
        assertThat(two.queue()).isEqualTo("sales");
        assertThat(two.lines()).anyMatch(l -> l.startsWith("path: welcome > menu"));
        List<FlowSimulator.TestResult> tests = console.tests("main", edited);
        assertThat(tests).extracting(r -> r.test().name() + "=" + r.passed()).containsExactly(
                "one reaches sales=false", "two reaches support=false",
                "three invalid keys end at goodbye without a queue=true");
        assertThat(console.tests("main", mainText)).allMatch(FlowSimulator.TestResult::passed);
    }

    @Test
    void activatingWritesTheFileAndReloadsAndARefusalChangesNothing() throws Exception {
        String before = active.get().flows().get("main").text();
        assertThatThrownBy(() -> console.activate("main", mainText.replace("next: menu", "next: gone"), "ada"))
                .isInstanceOf(FlowRejectedException.class);
        assertThat(Files.readString(mainFile)).isEqualTo(mainText);
        assertThat(reloads).hasValue(0);

        String edited = mainText.replace("prompts: [hello]", "prompts: [hello, hello]");
        FlowConsole.Activated done = console.activate("main", edited, "ada");
        assertThat(Files.readString(mainFile)).isEqualTo(edited);
        assertThat(reloads).hasValue(1);
        assertThat(active.get().flows().get("main").text()).isEqualTo(edited).isNotEqualTo(before);
        assertThat(done.report()).isEqualTo("reloaded by ada");
        assertThat(done.version()).isEqualTo(console.source("main").version());
        try (Stream<Path> left = Files.list(mainFile.getParent())) {
            assertThat(left).as("no temporary file is left").allMatch(f -> f.toString().endsWith(".yaml")
                    || f.toString().endsWith(".md"));
        }

        refuseReload.set("queues.yaml:4:3: unknown strategy");
        assertThatThrownBy(() -> console.activate("main", mainText, "ada"))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(Files.readString(mainFile)).as("the file as it was before").isEqualTo(edited);
    }

    @Test
    void aUnifiedDiffShowsTheChangedLines() {
        String diff = FlowHistory.unified("main v1", "a\nb\nc\n", "main v2", "a\nB\nc\n");
        assertThat(diff).startsWith("--- main v1\n+++ main v2\n").contains("\n-b\n").contains("\n+B\n");
        assertThat(FlowHistory.unified("x", "same\n", "y", "same\n")).isEmpty();
    }
}
