package org.acdserver.gateway.config;

import java.util.List;

/**
 * What {@link ConfigurationLoader#load} read: the start-up settings, the configuration to activate, and the
 * warnings about forms that still work but should be converted (each {@code file:line:column: message}).
 */
public record LoadedConfiguration(ServerSettings settings, ConfigurationSnapshot configuration,
                                  List<String> warnings) {

    public LoadedConfiguration {
        warnings = List.copyOf(warnings);
    }
}
