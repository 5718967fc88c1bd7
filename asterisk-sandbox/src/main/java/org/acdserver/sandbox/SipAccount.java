package org.acdserver.sandbox;

import java.util.Objects;

/**
 * An agent's SIP phone account: the user it registers and authenticates as (the PJSIP endpoint, auth and aor name,
 * so that Asterisk dials it as {@code PJSIP/<user>}) and its password. {@link #toString()} never shows the password.
 *
 * @param user     letters, digits, {@code . _ -}: it names configuration sections and files
 * @param password the digest password; no {@code ;} (a comment in Asterisk's files and SIPp's field separator),
 *                 no line breaks
 */
public record SipAccount(String user, String password) {

    public SipAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!user.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("SIP user '" + user
                    + "' may only hold 1-64 letters, digits, '.', '_' and '-'");
        }
        if (password.isEmpty() || password.matches("(?s).*[;\\r\\n].*")) {
            throw new IllegalArgumentException("the password of SIP user " + user
                    + " must be non-empty, without ';' or line breaks");
        }
    }

    /** The dial string of the phone. */
    public String endpoint() {
        return "PJSIP/" + user;
    }

    @Override
    public String toString() {
        return "SipAccount[" + user + "]";
    }
}
