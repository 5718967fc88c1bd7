package org.acdserver.gateway.agi;

import java.util.Optional;

/** Finds the script for the name after {@code agi://host:port/}; empty for an unknown name. */
@FunctionalInterface
public interface AgiScriptResolver {
    Optional<AgiScript> resolve(String scriptName);
}
