package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** MachineWakeUp at a smoke size: every wake-up measured, and its percentiles in order. */
class MachineWakeUpTest {

    private static final Pattern LINE = Pattern.compile("parked 1 ms, 40 wake-ups: median ([0-9.]+) us, p90 ([0-9.]+)"
            + " us, p99 ([0-9.]+) us, p99.9 ([0-9.]+) us, max ([0-9.]+) us");

    @Test
    void reportsTheWakeUpsInOrder() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new MachineWakeUp()).execute("--wakes", "40", "--idle-ms", "1", "--warmup", "5");
        } finally {
            System.setOut(before);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        Matcher m = LINE.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        double median = Double.parseDouble(m.group(1));
        double max = Double.parseDouble(m.group(5));
        assertThat(median).isPositive().isLessThanOrEqualTo(Double.parseDouble(m.group(2)));
        assertThat(Double.parseDouble(m.group(3))).isLessThanOrEqualTo(max);
    }

    @Test
    void refusesNoWakeUpsWithAClearError() {
        int code = new CommandLine(new MachineWakeUp()).setErr(new PrintWriter(new ByteArrayOutputStream()))
                .execute("--wakes", "0");
        assertThat(code).isEqualTo(2);
    }
}
