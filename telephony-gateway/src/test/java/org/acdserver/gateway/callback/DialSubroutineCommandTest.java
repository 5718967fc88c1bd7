package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The AGI GOSUB that dials a callback's customer through the witness-writing subroutine. */
class DialSubroutineCommandTest {

    @Test
    void theSubroutineArgumentsTravelAsOneQuotedAgiArgument() {
        assertThat(CallbackDialer.gosub("cb-17", "PJSIP/5550100@trunk", 25))
                .isEqualTo("GOSUB acd-callback-dial s 1 \"cb-17,PJSIP/5550100@trunk,25\"");
    }

    @Test
    void quotesAndBackslashesAreEscapedForTheAgiParser() {
        assertThat(CallbackDialer.gosub("cb", "SIP/a\"b\\c", 5))
                .isEqualTo("GOSUB acd-callback-dial s 1 \"cb,SIP/a\\\"b\\\\c,5\"");
    }

    @Test
    void aCommaOrParenthesisWouldSplitTheSubroutineArgumentsAndIsRefused() {
        assertThatThrownBy(() -> CallbackDialer.gosub("cb", "Local/1@ctx/n,t", 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comma");
        assertThatThrownBy(() -> CallbackDialer.gosub("cb(1)", "PJSIP/1", 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
