package org.acdserver.gateway.http;

import java.util.List;
import org.acdserver.flow.FlowSimulator;
import org.acdserver.gateway.config.ConfigSection;
import org.acdserver.gateway.config.InvalidConfigurationException;

/**
 * What the REST API needs of the server to read and change the configuration files: their names and texts, an edit
 * of one file that is checked, written and activated under the server's activation lock, a check without activation,
 * and flow test runs. The files are the one source of truth: the API reads them and writes them.
 */
public interface ConfigurationEditor {

    /** A change of one file's text, made under the activation lock; it may refuse with {@link EditRefused}. */
    @FunctionalInterface
    interface TextChange {
        /** The new text; null for no change at all. */
        String apply(String current) throws InvalidConfigurationException;
    }

    /** The relative name of the file holding a section ({@code queues.yaml}). */
    String file(ConfigSection section) throws InvalidConfigurationException;

    /** The relative name of a flow's file ({@code flows/main.yaml}). */
    String flowFile(String flow);

    /** The relative names of the flow files there are. */
    List<String> flowFiles() throws InvalidConfigurationException;

    /** A file's text now; null when it does not exist. */
    String read(String file) throws InvalidConfigurationException;

    /**
     * Reads the file, changes it, checks the whole configuration with the change, writes it atomically and activates
     * it; nothing is written when the check fails.
     *
     * @return a one-line report of the activation
     */
    String edit(String file, TextChange change, String actor, String detail) throws InvalidConfigurationException;

    /** Checks the configuration with this file's text instead, without writing or activating anything. */
    void check(String file, String text) throws InvalidConfigurationException;

    /**
     * Runs the test cases of a flow: the active one, or with {@code text} the flow that file would become (checked
     * with the rest of the configuration first).
     */
    List<FlowSimulator.TestResult> test(String flow, String text) throws Exception;
}
