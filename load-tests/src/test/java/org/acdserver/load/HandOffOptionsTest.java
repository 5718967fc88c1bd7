package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The hand-off tool refuses options it cannot run with before it starts anything, naming the option. */
class HandOffOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--warm-up-rounds | -1   | --warm-up-rounds takes 0 or more, not -1",
        "--interval-ms    | -40  | --interval-ms takes 0 or more, not -40",
        "--watch          | some | --watch takes used or all, not 'some'",
        "--agent-kind     | fax  | --agent-kind takes local or sip, not 'fax'",
        "--side           | peer | --side takes server, native or both, not 'peer'",
        "--arrivals       | burst | --arrivals takes fixed or poisson, not 'burst'",
        "--caller-kind    | isdn | --caller-kind takes local or sip, not 'isdn'"})
    void aBadValueIsAUsageErrorThatNamesTheOption(String option, String value, String message) {
        assertRefused(message, option, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--agent-kind local                                    | --caller-kind sip needs --agent-kind sip",
        "--agent-kind sip --arrivals poisson                   | it needs --arrivals fixed and --interval-ms of 1",
        "--agent-kind sip --interval-ms 0                      | it needs --arrivals fixed and --interval-ms of 1"})
    void sipCallersNeedSipPhonesAndASteadyRate(String others, String message) {
        List<String> args = new ArrayList<>(List.of("--caller-kind", "sip"));
        args.addAll(List.of(others.trim().split(" +")));
        assertRefused(message, args.toArray(String[]::new));
    }

    private static void assertRefused(String message, String... args) {
        StringWriter err = new StringWriter();
        // A configuration directory that does not exist: the refusal must come before the tool reads it.
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", "no-such-directory"));
        int exit = new CommandLine(new HandOff()).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains(message);
    }
}
