package org.acdserver.flow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.acdserver.flow.expr.Expression;

/**
 * Plays a step's prompts on the call's {@link CallChannel}, and asks for keys after them.
 *
 * <p>Playing: consecutive sound files go to the channel as one {@code play}, so the channel can hand them to the
 * telephone system in one command; a spoken value ({@link Prompt.Say}) is one {@code say} of its own, its expression
 * evaluated against the call's variables at that moment. A key in the escape set stops the rest, and the stage
 * completes with that key. A currency amount is spoken as its whole units (rounded half up, or cut when a subunit
 * follows), the unit's sound file, then the cents and the subunit's sound file when there are any.
 *
 * <p>Asking: prompts that are only sound files go to the channel as one {@code read}, prompts and wait in one, so no
 * key falls between two commands. With spoken values among them, the prompts play first with every key stopping
 * them, a key pressed there counts as the first digit, and a {@code read} without prompts takes the rest.
 *
 * <p>It keeps nothing per call: it works on the {@link CallState} it is given, so a run holds no instance of it.
 */
final class PromptPlayer {

    /** Every key a caller can press: any of them stops prompts that precede a question. */
    static final String ALL_KEYS = "0123456789*#";

    private PromptPlayer() {
    }

    /**
     * Keeps prompts made only of sound files for the menu that follows, instead of playing them now: the menu plays
     * them in the same operation as its own prompts and its wait (Asterisk drops a key pressed between two commands,
     * and under load that gap grows to hundreds of milliseconds). A key during them counts in the menu, as a key
     * typed ahead of it would. Returns false, keeping nothing, when a prompt is spoken (a value) or none is given.
     */
    static boolean leadIn(CallState state, List<Prompt> prompts) {
        if (prompts.isEmpty() || !prompts.stream().allMatch(p -> p instanceof Prompt.Sound)) {
            return false;
        }
        state.leadIn = prompts.stream().map(p -> ((Prompt.Sound) p).file()).toList();
        state.typedAhead = "";
        return true;
    }

    /** Plays prompts in order until a key in {@code escape} is pressed; completes with that key or "". */
    static CompletionStage<String> play(CallState state, List<Prompt> prompts, String escape) {
        return playFrom(state, prompts, 0, escape);
    }

    private static CompletionStage<String> playFrom(CallState state, List<Prompt> prompts, int index, String escape) {
        if (index >= prompts.size()) {
            return CompletableFuture.completedFuture("");
        }
        int end = index;
        while (end < prompts.size() && prompts.get(end) instanceof Prompt.Sound) {
            end++;
        }
        CompletionStage<String> here;
        int nextIndex;
        if (end > index) {
            List<String> files = new ArrayList<>(end - index);
            for (int i = index; i < end; i++) {
                files.add(((Prompt.Sound) prompts.get(i)).file());
            }
            here = state.channel.play(files, escape);
            nextIndex = end;
        } else {
            here = say(state, (Prompt.Say) prompts.get(index), escape);
            nextIndex = index + 1;
        }
        return here.thenCompose(key -> key == null || key.isEmpty() ? playFrom(state, prompts, nextIndex, escape)
                : CompletableFuture.completedFuture(key));
    }

    private static CompletionStage<String> say(CallState state, Prompt.Say s, String escape) {
        String value = s.value().evaluateText(state);
        if (s.kind() != Prompt.SayKind.CURRENCY) {
            return state.channel.say(s.kind(), value, escape);
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(value.isBlank() ? "0" : value.strip());
        } catch (NumberFormatException e) {
            amount = BigDecimal.ZERO;
        }
        List<Prompt> parts = new ArrayList<>();
        BigDecimal whole = s.subunit() == null ? amount.setScale(0, RoundingMode.HALF_UP)
                : amount.setScale(0, RoundingMode.DOWN);
        parts.add(new Prompt.Say(Prompt.SayKind.NUMBER, Expression.literal(whole.toPlainString()), null, null));
        parts.add(new Prompt.Sound(s.unit()));
        if (s.subunit() != null) {
            int cents = amount.subtract(whole).movePointRight(2).setScale(0, RoundingMode.HALF_UP).abs().intValue();
            if (cents > 0) {
                parts.add(new Prompt.Say(Prompt.SayKind.NUMBER, Expression.literal(String.valueOf(cents)), null,
                        null));
                parts.add(new Prompt.Sound(s.subunit()));
            }
        }
        return play(state, parts, escape);
    }

    /**
     * Plays prompts with every key stopping them, then waits up to {@code timeout} for up to {@code maxDigits} keys:
     * a key during the prompts is taken at once. Completes with the keys, or "" when the caller pressed nothing.
     */
    static CompletionStage<String> ask(CallState state, List<Prompt> prompts, int maxDigits, Duration timeout) {
        List<String> leadIn = state.leadIn;
        state.leadIn = List.of();
        boolean soundsOnly = prompts.stream().allMatch(p -> p instanceof Prompt.Sound);
        if (soundsOnly) {
            return state.channel.read(leadIn, prompts.stream().map(p -> ((Prompt.Sound) p).file()).toList(),
                    maxDigits, timeout);
        }
        List<Prompt> all = new ArrayList<>(leadIn.size() + prompts.size());
        leadIn.forEach(f -> all.add(new Prompt.Sound(f)));
        all.addAll(prompts);
        return play(state, all, ALL_KEYS).thenCompose(key -> {
            if (key.isEmpty()) {
                return state.channel.read(List.of(), maxDigits, timeout);
            }
            if (maxDigits <= 1 || "#".equals(key)) {
                return CompletableFuture.completedFuture(key);
            }
            return state.channel.read(List.of(), maxDigits - 1, timeout).thenApply(rest -> key + rest);
        });
    }
}
