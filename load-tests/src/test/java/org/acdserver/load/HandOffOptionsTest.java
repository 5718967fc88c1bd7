package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
        "--arrivals       | burst | --arrivals takes fixed or poisson, not 'burst'"})
    void aBadValueIsAUsageErrorThatNamesTheOption(String option, String value, String message) {
        StringWriter err = new StringWriter();
        // A configuration directory that does not exist: the refusal must come before the tool reads it.
        int exit = new CommandLine(new HandOff()).setErr(new PrintWriter(err))
                .execute(option, value, "--config", "no-such-directory");
        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains(message);
    }
}
