package org.acdserver.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password hashing with BCrypt (spring-security-crypto). A hash costs about 0.1 s of one core at cost 10, so hashes
 * run on a small pool of their own with a bounded queue: a burst of logins waits there (or is refused when the queue
 * is full) instead of taking every core from calls, and nothing hashes on an event loop.
 *
 * <p>BCrypt reads at most 72 bytes of a password, so longer ones are refused rather than silently cut; shorter than
 * {@link #MIN_LENGTH} characters are refused too.
 */
public final class PasswordHasher implements AutoCloseable {

    /** The fewest characters a password may have. */
    public static final int MIN_LENGTH = 10;
    /** The most bytes (UTF-8) BCrypt reads. */
    public static final int MAX_BYTES = 72;
    private static final int QUEUE = 256;

    private final BCryptPasswordEncoder encoder;
    private final ExecutorService pool;
    /** A hash of a random password: checked against when a login names an unknown user, so both take as long. */
    private final String decoy;

    public PasswordHasher(int cost) {
        this.encoder = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2A, cost);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                new DefaultThreadFactory("acd-password", true));
        this.decoy = encoder.encode(Secrets.newSecret(""));
    }

    /**
     * Why a password is not acceptable, or null when it is.
     */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "a password needs at least " + MIN_LENGTH + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "a password may have at most " + MAX_BYTES + " bytes (BCrypt reads no more)";
        }
        return null;
    }

    /** The hash of a password, computed on the hashing pool. */
    public CompletableFuture<String> hash(String password) {
        String weak = weakness(password);
        if (weak != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(weak));
        }
        return submit(() -> encoder.encode(password));
    }

    /** Whether the password matches the hash; a null hash (no such user) is checked against a decoy and fails. */
    public CompletableFuture<Boolean> matches(String password, String hash) {
        if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return CompletableFuture.completedFuture(false);
        }
        return submit(() -> {
            if (hash == null) {
                encoder.matches(password, decoy);
                return false;
            }
            return encoder.matches(password, hash);
        });
    }

    /** Hashes on the calling thread: for the command line and start-up, never for a request. */
    public String hashNow(String password) {
        String weak = weakness(password);
        if (weak != null) {
            throw new IllegalArgumentException(weak);
        }
        return encoder.encode(password);
    }

    private <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RejectedExecutionException(
                    "too many logins at once (" + QUEUE + " waiting); try again shortly", e));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
