package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.acdserver.flow.CallerHungUpException;
import org.junit.jupiter.api.Test;

/**
 * A step's prompts and its wait for keys go to Asterisk as one {@code Read}, whose keys and status come back with
 * one {@code GET FULL VARIABLE}: no command boundary lies between two prompts for a key to fall into.
 */
class AgiReadTest {

    private final CallFixture f = new CallFixture();

    private CompletableFuture<String> read(List<String> prompts, int maxDigits, Duration timeout) {
        CompletableFuture<String> keys = f.channel.read(prompts, maxDigits, timeout).toCompletableFuture();
        f.session.run();
        return keys;
    }

    @Test
    void aMenuPlaysItsPromptsAndWaitsInOneReadWhereEveryKeyCountsHashToo() {
        CompletableFuture<String> keys = read(List.of("vm-press", "digits/1", "vm-press", "digits/2"), 1,
                Duration.ofSeconds(5));
        assertThat(f.session.running()).isEqualTo("EXEC Read \"ACD_KEYS,vm-press&digits/1&vm-press&digits/2,1,t(),1,"
                + "5.000\"");
        f.session.reply("200 result=0");
        assertThat(f.session.running()).isEqualTo("GET FULL VARIABLE \"${ACD_KEYS}|${READSTATUS}\"");
        f.session.reply("200 result=1 (#|OK)");
        assertThat(keys).isCompletedWithValue("#");
        assertThat(f.session.commands()).hasSize(2);
    }

    @Test
    void digitsEndAtHashAndATimeoutKeepsWhatWasKeyed() {
        CompletableFuture<String> keys = read(List.of("enter-account"), 6, Duration.ofMillis(2500));
        assertThat(f.session.running()).isEqualTo("EXEC Read \"ACD_KEYS,enter-account,6,,1,2.500\"");
        f.session.reply("200 result=0");
        f.session.reply("200 result=1 (45|TIMEOUT)");
        assertThat(keys).isCompletedWithValue("45");
    }

    @Test
    void silenceIsNoKeys() {
        CompletableFuture<String> keys = read(List.of("vm-press"), 1, Duration.ofSeconds(3));
        f.session.reply("200 result=0");
        f.session.reply("200 result=1 (|TIMEOUT)");
        assertThat(keys).isCompletedWithValue("");
    }

    @Test
    void digitsWithoutPromptsAreAReadOfNoFiles() {
        CompletableFuture<String> keys = read(List.of(), 3, Duration.ofSeconds(4));
        assertThat(f.session.running()).isEqualTo("EXEC Read \"ACD_KEYS,,3,,1,4.000\"");
        f.session.reply("200 result=0");
        f.session.reply("200 result=1 (123|OK)");
        assertThat(keys).isCompletedWithValue("123");
    }

    @Test
    void aCallerWhoHangsUpDuringTheReadIsGone() {
        CompletableFuture<String> keys = read(List.of("vm-press"), 1, Duration.ofSeconds(3));
        f.session.reply("200 result=0");
        f.session.reply("200 result=1 (|HANGUP)");
        assertThat(keys).isCompletedExceptionally();
        assertThat(keys.handle((k, e) -> e instanceof CompletionException ? e.getCause() : e).join())
                .isInstanceOf(CallerHungUpException.class);
    }

    @Test
    void aDeadChannelAfterTheReadIsGone() {
        CompletableFuture<String> keys = read(List.of("vm-press"), 1, Duration.ofSeconds(3));
        f.session.reply("200 result=-1");
        assertThat(keys).isCompletedExceptionally();
        assertThat(f.session.commands()).hasSize(1);
    }

    @Test
    void aPromptThatCannotBeListedIsSkippedNeverWrittenIntoTheCommand() {
        CompletableFuture<String> keys = read(List.of("vm-press", "bad,name", "digits/1"), 1, Duration.ofSeconds(3));
        assertThat(f.session.running()).isEqualTo("EXEC Read \"ACD_KEYS,vm-press&digits/1,1,t(),1,3.000\"");
        f.session.reply("200 result=0");
        f.session.reply("200 result=1 (1|OK)");
        assertThat(keys).isCompletedWithValue("1");
    }
}
