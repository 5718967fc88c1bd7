package org.acdserver.gateway.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowEnvironment;
import org.acdserver.flow.FlowLoader;
import org.acdserver.flow.FlowProblem;
import org.acdserver.flow.FlowSimulator;
import org.acdserver.flow.FlowValidator;
import org.acdserver.flow.InvalidFlowException;
import org.acdserver.flow.Lookups;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.store.FlowVersions;
import org.acdserver.yaml.Position;

/**
 * What the admin console does with flows: lists the active ones, checks an edited text exactly as a reload would
 * (the same reader and validator, against the active queues, skills, schedules, queries and sounds, with the same
 * messages and file:line:column), draws it, runs it against a scripted caller or its own test cases, and activates
 * it. Activating writes the flow's file atomically (a temporary file renamed over it) and reloads, so the files stay
 * the one source of truth: what the console activates is what a later reload or restart reads. A text that does not
 * validate changes nothing, and a reload that fails puts the old file back. Rolling back activates a stored
 * version's text the same way. Blocking (files, the database): call it on a worker thread.
 */
public final class FlowConsole {

    /** Reloads the configuration files and activates them, recorded as done by {@code who}. */
    @FunctionalInterface
    public interface Reload {
        String reload(String who) throws InvalidConfigurationException;
    }

    /** One active flow, as the console's list shows it. */
    public record FlowSummary(String name, String file, String version, int steps, int tests) {
    }

    /** A flow's active text. */
    public record FlowSource(String name, String file, String version, String text) {
    }

    /** What an activation did. */
    public record Activated(String flow, String version, String report) {
    }

    private final Supplier<ConfigurationSnapshot> active;
    private final Reload reload;
    private final FlowVersions versions;
    private final FlowHistory history;

    public FlowConsole(Supplier<ConfigurationSnapshot> active, Reload reload, FlowVersions versions,
                       FlowHistory history) {
        this.active = active;
        this.reload = reload;
        this.versions = versions;
        this.history = history;
    }

    /** The active flows, by name. */
    public List<FlowSummary> flows() {
        List<FlowSummary> out = new ArrayList<>();
        active.get().flows().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(f ->
                out.add(new FlowSummary(f.name(), f.source(), shortHash(f), f.steps().size(), f.tests().size())));
        return out;
    }

    /** The active text of a flow; {@link NoSuchElementException} when there is no such flow. */
    public FlowSource source(String name) {
        Flow f = activeFlow(name);
        return new FlowSource(f.name(), f.source(), shortHash(f), f.text());
    }

    /** Every problem of the text as the flow {@code name}; empty when a reload would take it. */
    public List<FlowProblem> check(String name, String text) {
        try {
            parse(name, text);
            return List.of();
        } catch (FlowRejectedException e) {
            return e.problems();
        }
    }

    /** The text's steps and exits; {@link FlowRejectedException} when it does not validate. */
    public FlowDiagram diagram(String name, String text) throws FlowRejectedException {
        return FlowDiagram.of(parse(name, text));
    }

    /** Runs the text against a scripted caller; look-ups take their error branch (no database is asked). */
    public FlowSimulator.Transcript simulate(String name, String text, String keys, String caller,
                                             QueueResult queueResult) throws Exception {
        Flow flow = parse(name, text);
        return simulator(flow).run(flow, FlowSimulator.splitKeys(keys), caller, Instant.now(),
                queueResult == null ? QueueResult.CONNECTED : queueResult);
    }

    /** Runs the test cases the text carries. */
    public List<FlowSimulator.TestResult> tests(String name, String text) throws Exception {
        Flow flow = parse(name, text);
        return simulator(flow).check(flow);
    }

    /**
     * Writes the text to the flow's file and reloads; the next new call runs it.
     *
     * @throws FlowRejectedException when the text does not validate (nothing is written)
     * @throws InvalidConfigurationException when the reload refuses the files (the old file is put back)
     */
    public synchronized Activated activate(String name, String text, String who)
            throws FlowRejectedException, InvalidConfigurationException, IOException {
        Flow current = activeFlow(name);
        parse(name, text);
        Path file = Path.of(current.source());
        String before = Files.readString(file, StandardCharsets.UTF_8);
        write(file, text);
        String report;
        try {
            report = reload.reload(who);
        } catch (InvalidConfigurationException | RuntimeException e) {
            write(file, before);
            throw e;
        }
        return new Activated(name, shortHash(activeFlow(name)), report);
    }

    /** Activates the text a stored version had, as a new activation. */
    public Activated rollback(String name, int version, String who)
            throws SQLException, FlowRejectedException, InvalidConfigurationException, IOException {
        return activate(name, history.text(name, version), who + " (rollback to version " + version + ")");
    }

    /** Every stored version of a flow, oldest first. */
    public List<FlowVersions.Activation> versions(String name) throws SQLException {
        return versions.history(name);
    }

    /** A stored version's text. */
    public String versionText(String name, int version) throws SQLException {
        return history.text(name, version);
    }

    /** A unified diff between two stored versions. */
    public String diff(String name, int from, int to) throws SQLException {
        return history.diff(name, from, to);
    }

    private Flow activeFlow(String name) {
        Flow f = active.get().flows().get(name);
        if (f == null) {
            throw new NoSuchElementException("no flow named '" + name + "' (known: "
                    + String.join(", ", active.get().flows().keySet()) + ")");
        }
        return f;
    }

    /** Reads and validates the text as the active flow {@code name}'s file, as a reload would. */
    private Flow parse(String name, String text) throws FlowRejectedException {
        Flow current = activeFlow(name);
        Flow flow;
        try {
            flow = new FlowLoader().parse(text, current.source());
        } catch (InvalidFlowException e) {
            throw new FlowRejectedException(e.problems());
        }
        if (!flow.name().equals(name)) {
            throw new FlowRejectedException(List.of(new FlowProblem(current.source(), nameAt(text),
                    "the flow's name is '" + flow.name() + "', but this is the file of flow '" + name
                            + "'; keep the name")));
        }
        ConfigurationSnapshot c = active.get();
        Map<String, Flow> flows = new LinkedHashMap<>(c.flows());
        flows.put(name, flow);
        List<FlowProblem> problems = new FlowValidator(c.routing().queuesById().keySet(), c.skills().keySet(),
                c.flowResources().schedules().keySet(), c.flowResources().queries(), c.flowResources().soundDirs())
                .check(flows);
        if (!problems.isEmpty()) {
            throw new FlowRejectedException(problems);
        }
        return flow;
    }

    /** The line of the {@code name:} key, for the message about a renamed flow. */
    private static Position nameAt(String text) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("name:")) {
                return new Position(i + 1, 1);
            }
        }
        return Position.NONE;
    }

    private FlowSimulator simulator(Flow edited) {
        ConfigurationSnapshot c = active.get();
        Map<String, Flow> flows = new LinkedHashMap<>(c.flows());
        flows.put(edited.name(), edited);
        return new FlowSimulator(new FlowEnvironment(flows, c.flowResources().schedules(), Lookups.NONE,
                Clock.systemUTC()));
    }

    private static String shortHash(Flow f) {
        return FlowVersions.hash(f).substring(0, 12);
    }

    /** Replaces the file in one rename, so a reload or a call never reads half a file. */
    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
