package org.acdserver.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.acdserver.core.AgentStateCause;
import org.acdserver.gateway.agent.PhonePresence;
import org.junit.jupiter.api.Test;

/** The cause the agent-state history gets when an agent's availability to routing changes. */
class AvailabilityCauseTest {

    @Test
    void aPhoneThatIsUnregisteredOrUnreachableIsTheCauseOfUnavailability() {
        assertThat(PhonePresence.availabilityCause(false, PhonePresence.Status.UNREGISTERED))
                .isEqualTo(AgentStateCause.PHONE_UNREGISTERED);
        assertThat(PhonePresence.availabilityCause(false, PhonePresence.Status.UNREACHABLE))
                .isEqualTo(AgentStateCause.PHONE_UNREGISTERED);
    }

    @Test
    void aBusyDeviceOrAPhoneBackIsTheSystems() {
        // Registered (or never read) phone, device busy outside the ACD.
        assertThat(PhonePresence.availabilityCause(false, PhonePresence.Status.REGISTERED))
                .isEqualTo(AgentStateCause.SYSTEM);
        assertThat(PhonePresence.availabilityCause(false, PhonePresence.Status.UNKNOWN))
                .isEqualTo(AgentStateCause.SYSTEM);
        assertThat(PhonePresence.availabilityCause(true, PhonePresence.Status.REGISTERED))
                .isEqualTo(AgentStateCause.SYSTEM);
    }
}
