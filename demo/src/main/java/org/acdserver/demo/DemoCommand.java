package org.acdserver.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.LoadedConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The demo's command line: starts the Asterisk sandbox and the server, places simulated calls and reports. */
@Command(name = "acd-demo", mixinStandardHelpOptions = true, version = "acd-demo 0.1.0",
        description = "Run the server against a sandboxed Asterisk and place simulated calls.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "config", description = "configuration directory")
    Path config;

    @Option(names = "--calls", defaultValue = "20", description = "how many simulated calls to place")
    int calls;

    @Option(names = "--exit", description = "stop after the report instead of running until Ctrl-C")
    boolean exit;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        LoadedConfiguration loaded;
        try {
            loaded = new ConfigurationLoader().load(config);
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        return new Demo(loaded.settings(), loaded.configuration(), calls, !exit).run();
    }
}
