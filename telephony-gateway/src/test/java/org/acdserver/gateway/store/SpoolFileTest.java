package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolFileTest {

    private static final InteractionRecordKind KIND = InteractionRecordKind.INSTANCE;

    private static List<InteractionRecord> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Records.answered("call-" + i)).toList();
    }

    private static List<String> ids(List<InteractionRecord> records) {
        return records.stream().map(InteractionRecord::callId).toList();
    }

    @Test
    void recordsComeBackOldestFirstAndARemovedPrefixStaysRemovedAcrossAReopen(@TempDir Path dir) throws Exception {
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            spool.append(records(0, 3));
            spool.append(records(3, 5));
            assertThat(spool.size()).isEqualTo(5);
            List<InteractionRecord> oldest = spool.oldest(4);
            assertThat(oldest).containsExactlyElementsOf(records(0, 4));
            spool.remove(0);
            assertThat(spool.size()).isEqualTo(5);
            assertThat(spool.oldest(4)).containsExactlyElementsOf(records(0, 4));
            spool.remove(2);
            assertThat(spool.size()).isEqualTo(3);
        }
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            assertThat(spool.size()).isEqualTo(3);
            assertThat(ids(spool.oldest(10))).containsExactly("call-2", "call-3", "call-4");
            spool.remove(3);
            assertThat(spool.size()).isZero();
            assertThat(Files.size(spool.file())).as("a drained spool starts over").isZero();
            spool.append(records(5, 6));
            assertThat(ids(spool.oldest(10))).containsExactly("call-5");
        }
    }

    @Test
    void anIncompleteLastLineIsCutOffAndSetAside(@TempDir Path dir) throws Exception {
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            spool.append(records(0, 2));
        }
        Path file = dir.resolve("interaction.spool");
        Files.writeString(file, "1234abcd {\"callId\":\"torn", StandardOpenOption.APPEND);
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            assertThat(spool.size()).isEqualTo(2);
            assertThat(spool.unreadable()).isEqualTo(1);
            assertThat(ids(spool.oldest(10))).containsExactly("call-0", "call-1");
            spool.append(records(2, 3));
            assertThat(ids(spool.oldest(10))).containsExactly("call-0", "call-1", "call-2");
        }
        assertThat(Files.readString(dir.resolve("interaction.rejected"))).contains("incomplete last line")
                .contains("{\"callId\":\"torn");
    }

    @Test
    void aDamagedLineIsSkippedSetAsideAndCountedOnce(@TempDir Path dir) throws Exception {
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            spool.append(records(0, 3));
        }
        Path file = dir.resolve("interaction.spool");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.set(1, lines.get(1).replace("call-1", "call-X"));
        Files.write(file, lines, StandardCharsets.UTF_8);
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            assertThat(spool.size()).as("lines waiting, the damaged one included").isEqualTo(3);
            assertThat(ids(spool.oldest(10))).containsExactly("call-0", "call-2");
            assertThat(ids(spool.oldest(10))).containsExactly("call-0", "call-2");
            assertThat(spool.unreadable()).isEqualTo(1);
            spool.remove(2);
            assertThat(spool.size()).isZero();
        }
        assertThat(Files.readString(dir.resolve("interaction.rejected"))).contains("checksum mismatch")
                .contains("call-X");
    }

    @Test
    void removingAPrefixKeepsTheRestIncludingADamagedLineAfterIt(@TempDir Path dir) throws Exception {
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            spool.append(records(0, 3));
        }
        Path file = dir.resolve("interaction.spool");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.set(1, "not a spool line");
        Files.write(file, lines, StandardCharsets.UTF_8);
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            assertThat(ids(spool.oldest(10))).containsExactly("call-0", "call-2");
            spool.remove(1);
            assertThat(spool.size()).isEqualTo(2);
            assertThat(ids(spool.oldest(10))).containsExactly("call-2");
            assertThat(spool.unreadable()).isEqualTo(1);
        }
    }

    @Test
    void aSecondOpenOfTheSameSpoolIsRefused(@TempDir Path dir) throws Exception {
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            assertThatThrownBy(() -> SpoolFile.open(dir, KIND)).hasMessageContaining("interaction.spool")
                    .hasMessageContaining("already open");
            spool.append(records(0, 1));
            assertThat(spool.size()).isEqualTo(1);
        }
    }

    @Test
    void rejectedRecordsAreKeptWithTheirReason(@TempDir Path dir) throws Exception {
        try (SpoolFile<InteractionRecord> spool = SpoolFile.open(dir, KIND)) {
            spool.reject(Records.answered("bad-1"), "new row violates check constraint");
        }
        String rejected = Files.readString(dir.resolve("interaction.rejected"));
        assertThat(rejected).contains("new row violates check constraint").contains("\"callId\":\"bad-1\"");
        String json = rejected.substring(rejected.lastIndexOf('\t') + 1).trim();
        assertThat(KIND.decode(json)).isEqualTo(Records.answered("bad-1"));
    }
}
