package org.acdserver.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Two sandboxed Asterisk instances, {@code a} and {@code b} (their systemnames), joined by PJSIP trunks rendered from
 * the project's template, each with the phones of its own agents, and Kamailio in front of both with equal weights:
 * what tests, the demo and load tests need to run one routing server over several Asterisk servers. Both send their
 * calls' AGI to one address.
 */
public final class AsteriskPair implements AutoCloseable {

    public final AsteriskSandbox a;
    public final AsteriskSandbox b;
    public final KamailioSandbox kamailio;

    private AsteriskPair(AsteriskSandbox a, AsteriskSandbox b, KamailioSandbox kamailio) {
        this.a = a;
        this.b = b;
        this.kamailio = kamailio;
    }

    /** Starts both instances (in parallel) and Kamailio; {@code name} names the sandboxes. */
    public static AsteriskPair start(String name, int agiPort, List<SipAccount> phonesOnA, List<SipAccount> phonesOnB)
            throws Exception {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        AsteriskSandbox.Settings sa = AsteriskSandbox.Settings.defaults(name + "-a").withAgi("127.0.0.1", agiPort)
                .withSystemName("a").withPhones(phonesOnA);
        AsteriskSandbox.Settings sb = AsteriskSandbox.Settings.defaults(name + "-b").withAgi("127.0.0.1", agiPort)
                .withSystemName("b").withPhones(phonesOnB);
        sa = sa.withTrunks(List.of(new PjsipTrunks.Trunk("a", "b", "127.0.0.1:" + sb.sipPort(), secret)));
        sb = sb.withTrunks(List.of(new PjsipTrunks.Trunk("b", "a", "127.0.0.1:" + sa.sipPort(), secret)));
        AsteriskSandbox.Settings bSettings = sb;
        CompletableFuture<AsteriskSandbox> startingB =
                CompletableFuture.supplyAsync(() -> AsteriskSandbox.start(bSettings));
        AsteriskSandbox first = null;
        AsteriskSandbox second = null;
        try {
            first = AsteriskSandbox.start(sa);
            second = startingB.join();
            KamailioSandbox k = KamailioSandbox.start(name + "-kamailio", List.of(
                    new KamailioSandbox.Destination(first.sipPort(), 50),
                    new KamailioSandbox.Destination(second.sipPort(), 50)));
            return new AsteriskPair(first, second, k);
        } catch (RuntimeException | Error e) {
            if (first != null) {
                first.close();
            }
            if (second == null) {
                try {
                    second = startingB.join();
                } catch (RuntimeException ignored) {
                    // It did not start either.
                }
            }
            if (second != null) {
                second.close();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            kamailio.close();
        } finally {
            try {
                a.close();
            } finally {
                b.close();
            }
        }
    }
}
