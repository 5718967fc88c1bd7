package org.acdserver.flow;

/**
 * A message a caller left.
 *
 * @param mailbox  the mailbox it was left for
 * @param file     where the telephone system stored it (without extension)
 * @param format   the file's format (its extension)
 * @param seconds  its length
 */
public record Recording(String mailbox, String file, String format, double seconds) {
}
