package org.acdserver.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The PJSIP endpoint, auth and aor sections of agents' phones, rendered from the template
 * {@code config/asterisk/pjsip_agent.conf.in} once per account: what {@code pjsip.conf} includes as
 * {@code pjsip_agents.conf}.
 */
public final class PjsipSections {

    /** The file {@code pjsip.conf} includes. */
    public static final String FILE_NAME = "pjsip_agents.conf";

    private final String template;

    private PjsipSections(String template) {
        this.template = template;
    }

    /** The template of a repository ({@code config/asterisk/pjsip_agent.conf.in}). */
    public static PjsipSections fromTemplate(Path template) {
        try {
            return new PjsipSections(Files.readString(template, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PJSIP phone template " + template, e);
        }
    }

    /** The repository's own template. */
    public static PjsipSections standard() {
        return fromTemplate(AsteriskSandbox.repoRoot().resolve("config/asterisk/pjsip_agent.conf.in"));
    }

    /**
     * The sections of every account, in order.
     *
     * @param qualifySeconds how often Asterisk asks each phone for OPTIONS; a phone that stops answering is
     *                       Unreachable within about this plus one second
     */
    public String render(List<SipAccount> accounts, int qualifySeconds) {
        if (qualifySeconds < 1) {
            throw new IllegalArgumentException("qualify interval must be at least 1 s, not " + qualifySeconds);
        }
        StringBuilder out = new StringBuilder("; Agents' phones, rendered from pjsip_agent.conf.in.\n");
        for (SipAccount a : accounts) {
            out.append('\n').append(template
                    .replace("@SIP_USER@", a.user())
                    .replace("@SIP_PASSWORD@", a.password())
                    .replace("@QUALIFY_SECONDS@", Integer.toString(qualifySeconds)));
        }
        return out.toString();
    }
}
