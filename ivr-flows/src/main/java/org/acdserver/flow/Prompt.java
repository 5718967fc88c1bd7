package org.acdserver.flow;

import org.acdserver.flow.expr.Expression;

/** One thing a caller hears: a sound file, or a value spoken by the telephone system in the call's language. */
public sealed interface Prompt {

    /** A sound file by name, without extension (for example {@code digits/1}). */
    record Sound(String file) implements Prompt {
    }

    /**
     * A value spoken: a number, digit by digit, a date, letters, or a currency amount (whole units, then
     * {@code unit}, then the cents and {@code subunit} when it is given).
     */
    record Say(SayKind kind, Expression value, String unit, String subunit) implements Prompt {
    }

    /** How a value is spoken. */
    enum SayKind {
        NUMBER, DIGITS, DATE, ALPHA, CURRENCY
    }
}
