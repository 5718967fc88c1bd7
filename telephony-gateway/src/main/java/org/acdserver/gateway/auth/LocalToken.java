package org.acdserver.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The token of the command line on the server's own machine: a random secret in a file only the server's user can
 * read (mode 0600), which {@code acd-server reload}, {@code user add} and the other commands send as a bearer token.
 * Whoever can read the file is an admin (the audit log names them {@code local}), as whoever can read acd.yaml knows
 * the database password.
 *
 * <p>The file is created on first start and kept, so the command line keeps working across restarts and several
 * servers sharing one file agree. Delete it and restart to change the secret. A file that is not a regular file
 * (a symbolic link), not owned by the server's user, or readable by anyone else is refused, so nobody can plant a
 * secret of their own there.
 */
public final class LocalToken {

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final String PREFIX = "acdlocal_";

    private LocalToken() {
    }

    /**
     * The secret in the file, created first if the file does not exist.
     *
     * @throws IOException naming the file when it cannot be created, or is refused as unsafe
     */
    public static String readOrCreate(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            String secret = Secrets.newSecret(PREFIX);
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            Path temporary = Files.createTempFile(dir, ".admin-token-", ".tmp", mode);
            try {
                Files.writeString(temporary, secret + "\n", StandardCharsets.UTF_8);
                try {
                    // A hard link appears whole, with its mode, and never replaces a file: when another server
                    // created it meanwhile, that one's secret stays and is read below.
                    Files.createLink(file, temporary);
                } catch (FileAlreadyExistsException e) {
                    // read below
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
        return read(file);
    }

    /**
     * The secret in an existing file, after the same checks the server makes.
     *
     * @throws IOException naming the file when it is missing, unreadable or unsafe
     */
    public static String read(Path file) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is not a regular file; refusing it as the local token file");
        }
        String me = System.getProperty("user.name");
        if (!attributes.owner().getName().equals(me)) {
            throw new IOException(file + " belongs to " + attributes.owner().getName() + ", not to " + me
                    + "; refusing it as the local token file");
        }
        if (!OWNER_ONLY.containsAll(attributes.permissions())) {
            throw new IOException(file + " may be read or written by others (mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + "); chmod 600 it");
        }
        String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!secret.startsWith(PREFIX) || secret.length() < PREFIX.length() + 40) {
            throw new IOException(file + " does not hold a local token");
        }
        return secret;
    }
}
