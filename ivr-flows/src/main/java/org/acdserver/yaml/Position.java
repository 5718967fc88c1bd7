package org.acdserver.yaml;

/** A place in a YAML file: line and column, both from 1; 0 means unknown. */
public record Position(int line, int column) {

    /** The whole file, no particular place. */
    public static final Position NONE = new Position(0, 0);

    @Override
    public String toString() {
        return line <= 0 ? "" : column <= 0 ? String.valueOf(line) : line + ":" + column;
    }
}
