package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue's callbacks follow the schedule it names in queues.yaml, holidays included: first dials, retries and the
 * hour a caller keys in, on a fixed clock.
 */
class CallbackSchedulingTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    // Weekdays 08:00-18:00 in Berlin; Wednesday 2026-11-25 is a holiday.
    private static final String SCHEDULES = """
            schedules:
              office:
                zone: Europe/Berlin
                weekly: {mon: ["08:00-18:00"], tue: ["08:00-18:00"], wed: ["08:00-18:00"], thu: ["08:00-18:00"],
                         fri: ["08:00-18:00"]}
                holidays: ["2026-11-25"]
            """;
    // Tuesday 2026-11-24, 19:30 in Berlin: the evening before the holiday.
    private static final Clock TUESDAY_EVENING = Clock.fixed(Instant.parse("2026-11-24T18:30:00Z"), ZoneOffset.UTC);
    // Thursday 2026-11-26, 08:00 in Berlin: the next open day.
    private static final Instant THURSDAY_OPENING = Instant.parse("2026-11-26T07:00:00Z");

    private CallbackSettings sales;

    @BeforeEach
    void load(@TempDir Path dir) throws Exception {
        for (String f : new String[] {"acd.yaml", "skills.yaml", "agents.yaml", "queries.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"));
        Files.writeString(dir.resolve("schedules.yaml"), SCHEDULES);
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    fallback: flow
                    callback: {dial: "PJSIP/{number}@trunk", attempts: 3, retrySeconds: 120, schedule: office}
                  - id: support
                    fallback: flow
                """);
        sales = new ConfigurationLoader(k -> null).load(dir).configuration().callbacks().get("sales");
    }

    @Test
    void aCallbackRequestedTheEveningBeforeAHolidayIsDialledOnTheNextOpenDay() {
        assertThat(sales.hours().name()).isEqualTo("office");
        assertThat(sales.hours().holidays()).hasSize(1);
        assertThat(sales.firstDial(TUESDAY_EVENING.instant())).isEqualTo(THURSDAY_OPENING);
    }

    @Test
    void aRetryThatWouldFallOnTheHolidayWaitsForTheNextOpenDayToo() {
        // The attempt fails at 17:59 on Tuesday; two minutes later the office is closed, then the holiday.
        assertThat(sales.nextAttempt(Instant.parse("2026-11-24T16:59:00Z"))).isEqualTo(THURSDAY_OPENING);
        // Earlier the same day, the retry keeps its spacing.
        assertThat(sales.nextAttempt(Instant.parse("2026-11-24T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-24T10:02:00Z"));
    }

    @Test
    void anHourKeyedInForTheHolidayMovesToTheNextOpenDay() {
        // "09" on Tuesday evening means Wednesday 09:00, the holiday.
        assertThat(CallbackSlot.parse("09", TUESDAY_EVENING.instant(), sales.hours())).isEqualTo(THURSDAY_OPENING);
        // "1" is as soon as possible, which the first dial then places at the next opening.
        assertThat(CallbackSlot.parse("1", TUESDAY_EVENING.instant(), sales.hours())).isNull();
    }
}
