package org.acdserver.gateway;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowSimulator;
import org.acdserver.gateway.call.FlowScripts;
import org.acdserver.gateway.config.ConfigSection;
import org.acdserver.gateway.config.ConfigurationFiles;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.http.ConfigurationEditor;

/**
 * The REST API's access to the configuration files of this server: reads from the files, edits through the
 * activation (checked, written, activated, stored as a version), and flow test runs in the environment calls run in.
 */
final class FileEditor implements ConfigurationEditor {

    private final ConfigurationActivation activation;
    private final ConfigurationFiles files;
    private final Supplier<ConfigurationSnapshot> active;
    private final FlowScripts scripts;

    FileEditor(ConfigurationActivation activation, Supplier<ConfigurationSnapshot> active, FlowScripts scripts) {
        this.activation = activation;
        this.files = activation.files();
        this.active = active;
        this.scripts = scripts;
    }

    @Override
    public String file(ConfigSection section) throws InvalidConfigurationException {
        List<String> named = files.namedFiles();
        // namedFiles lists skills, schedules, queries, queues, agents in this order.
        return switch (section) {
            case SKILLS -> named.get(0);
            case SCHEDULES -> named.get(1);
            case QUEUES -> named.get(3);
            case AGENTS -> named.get(4);
        };
    }

    @Override
    public String flowFile(String flow) {
        return files.flowFile(flow);
    }

    @Override
    public List<String> flowFiles() throws InvalidConfigurationException {
        return files.flowNames();
    }

    @Override
    public String read(String file) throws InvalidConfigurationException {
        return files.read(file);
    }

    @Override
    public String edit(String file, TextChange change, String actor, String detail)
            throws InvalidConfigurationException {
        return activation.edit(file, change, actor, detail);
    }

    @Override
    public void check(String file, String text) throws InvalidConfigurationException {
        files.check(Map.of(file, text), false);
    }

    @Override
    public List<FlowSimulator.TestResult> test(String flow, String text) throws Exception {
        ConfigurationSnapshot snapshot = text == null ? active.get()
                : files.check(Map.of(flowFile(flow), text), false);
        Flow f = snapshot.flows().get(flow);
        if (f == null) {
            throw new NoSuchElementException("no flow named " + flow + " (known: " + snapshot.flows().keySet() + ")");
        }
        return new FlowSimulator(scripts.environmentOf(snapshot)).check(f);
    }
}
