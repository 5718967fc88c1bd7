package org.acdserver.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local token file: created owner-only, kept across starts, refused when someone else could have planted it. */
class LocalTokenTest {

    @Test
    void theFileIsCreatedOwnerOnlyAndReadAgainUnchanged(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run/admin.token");
        String secret = LocalToken.readOrCreate(file);
        assertThat(secret).startsWith("acdlocal_").hasSizeGreaterThan(50);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(LocalToken.readOrCreate(file)).as("a second start keeps it").isEqualTo(secret);
        assertThat(LocalToken.read(file)).isEqualTo(secret);
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("admin.token");
        }
    }

    @Test
    void aFileOthersCanReadOrALinkIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("admin.token");
        LocalToken.readOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> LocalToken.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("chmod 600").hasMessageContaining(file.toString());

        Path target = dir.resolve("elsewhere.token");
        Files.writeString(target, "acdlocal_" + "x".repeat(50));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(dir.resolve("link.token"), target);
        assertThatThrownBy(() -> LocalToken.readOrCreate(link)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");

        Path junk = dir.resolve("junk.token");
        Files.writeString(junk, "hello");
        Files.setPosixFilePermissions(junk, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> LocalToken.read(junk)).hasMessageContaining("does not hold a local token");
    }
}
