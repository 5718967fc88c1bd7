package org.acdserver.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acdserver.gateway.auth.LocalToken;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.LoadedConfiguration;
import picocli.CommandLine.Option;

/**
 * What every command that talks to a running server needs: the configuration directory (where the admin listener
 * is) and a token. The token is, first found: {@code --token}, the environment's {@code ACD_TOKEN}, or the local
 * token file the server keeps on its own machine ({@code auth.localTokenFile}, readable by the server's user only).
 */
final class AdminOptions {

    @Option(names = "--config", defaultValue = "config", description = "configuration directory")
    Path config;

    @Option(names = "--token", description = "an API token (prefer ACD_TOKEN: a command line is visible to other"
            + " users); by default ACD_TOKEN, then the server's local token file")
    String token;

    /** A client of the admin listener named in the configuration, with the token found. */
    AdminClient client() throws InvalidConfigurationException {
        LoadedConfiguration c = new ConfigurationLoader().load(config);
        return new AdminClient(c.settings().http().adminListener(), token(c), System.out, System.err);
    }

    private String token(LoadedConfiguration c) {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        String env = System.getenv("ACD_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        Path file = c.settings().auth().localTokenFile();
        if (file == null || !Files.exists(file)) {
            return null;
        }
        try {
            return LocalToken.read(file);
        } catch (IOException e) {
            System.err.println("local token not used: " + e.getMessage());
            return null;
        }
    }
}
