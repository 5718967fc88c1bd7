package org.acdserver.yaml;

import java.util.List;

/**
 * One YAML file as read: its tree with positions, its text, and the keys written twice in it (each one a problem;
 * the tree keeps the later value).
 *
 * @param source     the file (or source name), for messages
 * @param text       the file's text
 * @param root       the top node; null for an empty file
 * @param duplicates one problem per key written again in the same mapping
 */
public record YamlDocument(String source, String text, YamlNode root, List<YamlProblem> duplicates) {

    public YamlDocument {
        duplicates = List.copyOf(duplicates);
    }

    /** A problem at a node of this file (the whole file when the node is null). */
    public YamlProblem problem(YamlNode at, String message) {
        return new YamlProblem(source, at == null ? Position.NONE : at.at(), message);
    }

    /** A problem at a position in this file. */
    public YamlProblem problem(Position at, String message) {
        return new YamlProblem(source, at, message);
    }
}
