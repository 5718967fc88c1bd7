package org.acdserver.gateway.store;

import java.io.IOException;

/**
 * A kind of record the server stores (interaction records today; agent-state changes and survey answers fit the
 * same way): its name, its unique key, and its text form in the spool, one line of JSON. The text form is the
 * spool's file format, read back by a later version of the server after an upgrade, so an encoding names its fields
 * and a decoding tolerates fields it does not know and fields that are missing.
 *
 * @param <R> the record type
 */
public interface RecordKind<R> {

    /** Lower-case letters and dashes; names the spool file ({@code <name>.spool}) and the metrics' {@code kind}. */
    String name();

    /**
     * The record's unique key in its table (a call id), which names it in logs. The table has a unique constraint
     * on it and its sink skips rows already stored, so that a record replayed twice is stored once.
     */
    String key(R record);

    /** One line of JSON, without line breaks. */
    String encode(R record);

    /** The record an {@link #encode} produced. */
    R decode(String line) throws IOException;
}
