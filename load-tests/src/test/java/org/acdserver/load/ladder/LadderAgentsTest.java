package org.acdserver.load.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.acdserver.core.AgentDefinition;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.SipAccount;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What each kind of ladder agent gives the server and the sandbox, and how the command line names the kinds. */
class LadderAgentsTest {

    @Test
    void localAgentsDialSimAgentAndLeaveTheSandboxWithoutPhones() {
        LadderAgents agents = LadderAgents.of(List.of(LadderAgents.Kind.LOCAL), 2, 100);
        AsteriskSandbox.Settings settings = AsteriskSandbox.Settings.defaults("t");

        assertThat(agents.definitions()).extracting(AgentDefinition::id, AgentDefinition::endpoint)
                .containsExactly(tuple("lad0001", "Local/lad0001@sim-agent/n"),
                        tuple("lad0002", "Local/lad0002@sim-agent/n"));
        assertThat(agents.sandbox(settings)).isSameAs(settings);
    }

    @Test
    void sipAgentsAreEndpointsOfTheSandboxQualifiedLikeRealPhones() {
        LadderAgents agents = LadderAgents.of(List.of(LadderAgents.Kind.SIP), 3, 100);
        AsteriskSandbox.Settings settings = agents.sandbox(AsteriskSandbox.Settings.defaults("t"));

        assertThat(agents.definitions()).extracting(AgentDefinition::endpoint)
                .containsExactly("PJSIP/sip0001", "PJSIP/sip0002", "PJSIP/sip0003");
        assertThat(agents.definitions()).allSatisfy(a -> assertThat(a.queues()).containsExactly("sales", "support"));
        assertThat(settings.phones()).extracting(SipAccount::user).containsExactly("sip0001", "sip0002", "sip0003");
        assertThat(settings.phones()).extracting(SipAccount::password).doesNotHaveDuplicates();
        assertThat(settings.qualifySeconds()).isEqualTo(60);
    }

    @Test
    void bothKindsGiveTheServerBothSetsOfAgents() {
        LadderAgents agents = LadderAgents.of(List.of(LadderAgents.Kind.SIP, LadderAgents.Kind.LOCAL), 2, 100);

        assertThat(agents.definitions()).extracting(AgentDefinition::id)
                .containsExactlyInAnyOrder("lad0001", "lad0002", "sip0001", "sip0002");
        assertThat(agents.sandbox(AsteriskSandbox.Settings.defaults("t")).phones()).hasSize(2);
    }

    @Test
    void aSippHoldsAtLeastOnePhone() {
        assertThatThrownBy(() -> LadderAgents.of(List.of(LadderAgents.Kind.SIP), 3, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--phones-per-sipp");
    }

    @Test
    void theCommandLineNamesKindsInLowerCaseAndRefusesOthers() {
        SipLadder.KindConverter converter = new SipLadder.KindConverter();

        assertThat(converter.convert("sip")).isEqualTo(LadderAgents.Kind.SIP);
        assertThat(converter.convert("local")).isEqualTo(LadderAgents.Kind.LOCAL);
        assertThatThrownBy(() -> converter.convert("pjsip")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("local or sip, not 'pjsip'");
    }
}
