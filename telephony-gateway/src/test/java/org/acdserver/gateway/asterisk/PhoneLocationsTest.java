package org.acdserver.gateway.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.acdserver.gateway.asterisk.PhoneLocations.Presence;
import org.junit.jupiter.api.Test;

class PhoneLocationsTest {

    private final List<String> told = new ArrayList<>();
    private final PhoneLocations two = new PhoneLocations(List.of("a", "b"), (agent, free) -> told.add(agent + "="
            + free));

    @Test
    void deviceStatesMapToPresence() {
        assertThat(Presence.of("UNAVAILABLE")).isEqualTo(Presence.ABSENT);
        assertThat(Presence.of("INVALID")).isEqualTo(Presence.ABSENT);
        assertThat(Presence.of("NOT_INUSE")).isEqualTo(Presence.FREE);
        assertThat(Presence.of("UNKNOWN")).isEqualTo(Presence.FREE);
        assertThat(Presence.of("INUSE")).isEqualTo(Presence.BUSY);
        assertThat(Presence.of("RINGING")).isEqualTo(Presence.BUSY);
        assertThat(Presence.of("ONHOLD")).isEqualTo(Presence.BUSY);
    }

    @Test
    void aPhoneLivesWhereItIsRegisteredAndIsReachedThereFromTheOtherServer() {
        two.report("a", "ann", Presence.ABSENT);
        two.report("b", "ann", Presence.FREE);
        assertThat(told).containsExactly("ann=false", "ann=true");
        assertThat(two.locations("ann")).containsExactly("b");
        assertThat(two.serverFor("a", "ann")).isEqualTo("b");
        assertThat(two.serverFor("b", "ann")).isEqualTo("b");
    }

    @Test
    void aDeviceOnEveryServerIsReachedOnTheCallersOwnAndIsBusyWhenBusyAnywhere() {
        two.report("a", "loc", Presence.FREE);
        two.report("b", "loc", Presence.FREE);
        assertThat(two.serverFor("a", "loc")).isEqualTo("a");
        assertThat(two.serverFor("b", "loc")).isEqualTo("b");
        two.report("a", "loc", Presence.BUSY);
        assertThat(told).last().isEqualTo("loc=false");
        two.report("a", "loc", Presence.FREE);
        assertThat(told).last().isEqualTo("loc=true");
    }

    @Test
    void anAgentNobodyReportedIsReachedLocally() {
        assertThat(two.serverFor("b", "nobody")).isEqualTo("b");
        assertThat(two.locations("nobody")).isEmpty();
    }

    @Test
    void aLostLinkMakesItsPhonesUnavailableUntilItReportsAgain() {
        two.report("a", "ann", Presence.ABSENT);
        two.report("b", "ann", Presence.FREE);
        two.report("a", "bob", Presence.FREE);
        two.report("b", "bob", Presence.ABSENT);
        told.clear();
        two.linkLost("b");
        assertThat(told).containsExactlyInAnyOrder("ann=false", "bob=true");
        assertThat(two.locations("ann")).isEmpty();
        two.report("b", "ann", Presence.FREE);
        assertThat(told).last().isEqualTo("ann=true");
    }

    @Test
    void withASingleServerALostLinkChangesNothing() {
        PhoneLocations one = new PhoneLocations(List.of("only"), (agent, free) -> told.add(agent + "=" + free));
        one.report("only", "ann", Presence.FREE);
        told.clear();
        one.linkLost("only");
        assertThat(told).isEmpty();
        assertThat(one.locations("ann")).containsExactly("only");
    }
}
