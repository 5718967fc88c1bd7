package org.acdserver.sandbox;

/**
 * Which of several test JVMs running side by side this one is, from the system property {@code acd.fork} that the
 * build sets per fork ({@code 2/3}: the second of three); one of one when it is not set.
 *
 * <p>Sandboxes of two forks must not share an instance directory, and the ports one fork draws must not be drawn by
 * the other between the pick and the bind: each process keeps its own ledger of ports handed out and cannot see the
 * other's. So each fork puts its number before its sandboxes' names and draws ports from a slice of its own.
 *
 * @param index this fork, from 1
 * @param count the forks side by side
 */
record TestFork(int index, int count) {

    TestFork {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("test fork " + index + " of " + count
                    + ": acd.fork must be a fork from 1 to the count, as in 2/3");
        }
    }

    /** This JVM's fork, read from its system property. */
    static TestFork current() {
        return parse(System.getProperty("acd.fork", ""));
    }

    /** {@code index/count}; one of one for a blank value. */
    static TestFork parse(String value) {
        if (value.isBlank()) {
            return new TestFork(1, 1);
        }
        String[] parts = value.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new TestFork(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // Reported below with the value.
        }
        throw new IllegalArgumentException("acd.fork must be a fork and a count, as in 2/3: '" + value + "'");
    }

    /** Empty for a JVM that runs alone; else {@code f<index>-}. */
    String namePrefix() {
        return count == 1 ? "" : "f" + index + "-";
    }

    /** This fork's equal share of {@code range} (the last fork takes the remainder). */
    FreePorts.Range slice(FreePorts.Range range) {
        int width = range.size() / count;
        int first = range.first() + (index - 1) * width;
        int last = index == count ? range.last() : first + width - 1;
        return new FreePorts.Range(first, last);
    }
}
