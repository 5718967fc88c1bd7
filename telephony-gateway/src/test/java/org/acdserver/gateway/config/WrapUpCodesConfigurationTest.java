package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.acdserver.gateway.TestRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queues' wrap-up codes in queues.yaml: read in order, optionally required, and bad lists named by line. */
class WrapUpCodesConfigurationTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    private static ConfigurationSnapshot load(Path dir, String salesExtra) throws Exception {
        for (String f : new String[] {"acd.yaml", "skills.yaml", "agents.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"));
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    fallback: flow
                """ + salesExtra + """
                  - id: support
                    fallback: flow
                """);
        return new ConfigurationLoader(k -> null).load(dir).configuration();
    }

    @Test
    void theSampleSalesQueueListsItsCodes() throws Exception {
        ConfigurationSnapshot c = new ConfigurationLoader(k -> null).load(CONFIG).configuration();
        assertThat(c.wrapUpCodes("sales")).isEqualTo(new WrapUpCodes(List.of("sale", "no-sale", "follow-up"), false));
        assertThat(c.wrapUpCodes("support")).isEqualTo(WrapUpCodes.NONE);
    }

    @Test
    void codesAreReadInOrderAndMayBeRequired(@TempDir Path dir) throws Exception {
        ConfigurationSnapshot c = load(dir, """
                    wrapUpCodes: [sale, "no sale", follow-up]
                    wrapUpCodeRequired: true
                """);
        assertThat(c.wrapUpCodes("sales")).isEqualTo(new WrapUpCodes(List.of("sale", "no sale", "follow-up"), true));
        assertThat(c.wrapUpCodes("support")).isEqualTo(WrapUpCodes.NONE);
        assertThat(c.wrapUpCodes(null)).isEqualTo(WrapUpCodes.NONE);
        assertThat(c.toBuilder().build().wrapUps()).isEqualTo(Map.of("sales", c.wrapUpCodes("sales")));
    }

    @Test
    void aDuplicateCodeIsRejectedWithItsLine(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                    wrapUpCodes: [sale, sale]
                """)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("queues.yaml:4:").hasMessageContaining("'sale' is listed twice");
    }

    @Test
    void aRequiredCodeWithoutCodesIsRejectedWithItsLine(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                    wrapUpCodeRequired: true
                """)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("queues.yaml:4:").hasMessageContaining("needs at least one code");
    }
}
