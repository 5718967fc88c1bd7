package org.acdserver.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The PJSIP trunks between Asterisk servers, rendered from the template {@code config/asterisk/pjsip_trunk.conf.in}
 * once per peer: what {@code pjsip.conf} includes as {@code pjsip_trunks.conf}. A routing server reaches an agent
 * whose phone is on the peer by dialing {@code PJSIP/<phone>@acd-<peer>}.
 */
public final class PjsipTrunks {

    /** The file {@code pjsip.conf} includes. */
    public static final String FILE_NAME = "pjsip_trunks.conf";

    /**
     * One trunk, as seen from the server that has it.
     *
     * @param self        this server's name (its systemname): it authenticates to the peer as {@code acd-<self>}
     * @param peer        the other server's name: the endpoint here is {@code acd-<peer>}
     * @param peerAddress the peer's SIP address, {@code host:port}
     * @param secret      the secret both sides share; never logged
     */
    public record Trunk(String self, String peer, String peerAddress, String secret) {
        public Trunk {
            Objects.requireNonNull(self, "self");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(peerAddress, "peerAddress");
            if (secret == null || !secret.matches("[A-Za-z0-9]{8,64}")) {
                throw new IllegalArgumentException("a trunk secret is 8-64 letters and digits");
            }
        }

        @Override
        public String toString() {
            return "Trunk[" + self + " -> " + peer + " at " + peerAddress + "]";
        }
    }

    private final String template;

    private PjsipTrunks(String template) {
        this.template = template;
    }

    /** The repository's own template. */
    public static PjsipTrunks standard() {
        Path file = AsteriskSandbox.repoRoot().resolve("config/asterisk/pjsip_trunk.conf.in");
        try {
            return new PjsipTrunks(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PJSIP trunk template " + file, e);
        }
    }

    /** The sections of every trunk, in order. */
    public String render(List<Trunk> trunks) {
        StringBuilder out = new StringBuilder("; Trunks to the other Asterisk servers, rendered from"
                + " pjsip_trunk.conf.in.\n");
        for (Trunk t : trunks) {
            out.append('\n').append(template
                    .replace("@SELF@", t.self())
                    .replace("@PEER@", t.peer())
                    .replace("@PEER_ADDRESS@", t.peerAddress())
                    .replace("@TRUNK_SECRET@", t.secret()));
        }
        return out.toString();
    }
}
