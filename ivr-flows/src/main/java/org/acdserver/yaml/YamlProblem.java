package org.acdserver.yaml;

/**
 * Something wrong in a YAML file, with where it is: {@code file:line:column: message}. Line 0 means the file as a
 * whole.
 *
 * @param file    the file (or source name) it was read from
 * @param at      where in it
 * @param message what is wrong
 */
public record YamlProblem(String file, Position at, String message) {

    @Override
    public String toString() {
        return at.line() <= 0 ? file + ": " + message : file + ":" + at + ": " + message;
    }
}
