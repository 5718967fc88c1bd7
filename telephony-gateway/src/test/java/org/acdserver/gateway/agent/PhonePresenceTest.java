package org.acdserver.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiNotConnectedException;
import org.acdserver.gateway.ami.AmiResponseException;
import org.acdserver.gateway.ami.AmiResync;
import org.junit.jupiter.api.Test;

/** An agent with a SIP phone is available to routing only while the phone is registered and its device free. */
class PhonePresenceTest {

    private static final RoutingConfiguration ROUTING = new RoutingConfiguration(
            List.of(new QueueDefinition("sales", 10, 30)),
            List.of(new AgentDefinition("ann", "PJSIP/ann", List.of("sales")),
                    new AgentDefinition("sam", "Local/sam@sim-agent/n", List.of("sales"))));

    private final Map<String, Boolean> available = new ConcurrentHashMap<>();
    private final List<String> asked = new ArrayList<>();
    private CompletableFuture<List<AmiMessage>> contacts = new CompletableFuture<>();
    private final PhonePresence phones = new PhonePresence(ROUTING, available::put, action -> {
        asked.add(action.name());
        return contacts;
    });

    private static AmiMessage contactStatus(String status) {
        return AmiMessage.of("Event", "ContactStatus", "URI", "sip:ann@127.0.0.1:5070", "ContactStatus", status,
                "AOR", "ann", "EndpointName", "ann");
    }

    private void resyncWith(List<AmiMessage> list) {
        contacts = new CompletableFuture<>();
        phones.onResync(new AmiResync(List.of(), Map.of(), true));
        contacts.complete(list);
    }

    private void resyncWithNoContacts() {
        contacts = new CompletableFuture<>();
        phones.onResync(new AmiResync(List.of(), Map.of(), true));
        contacts.completeExceptionally(new AmiResponseException("PJSIPShowContacts",
                AmiMessage.of("Response", "Error", "Message", "No Contacts found")));
    }

    @Test
    void aPhoneNotReadYetCountsAsRegisteredAndOnlySipAgentsAreShown() {
        assertThat(phones.phones()).containsOnlyKeys("ann");
        assertThat(phones.phones().get("ann"))
                .isEqualTo(new PhonePresence.PhoneView("PJSIP/ann", "unknown", true));
        phones.deviceState("ann", true);
        assertThat(available).containsEntry("ann", true);
    }

    @Test
    void anUnregisteredPhoneMakesItsAgentUnavailableUntilItRegisters() {
        resyncWithNoContacts();
        assertThat(asked).containsExactly("PJSIPShowContacts");
        assertThat(phones.status("ann")).isEqualTo(PhonePresence.Status.UNREGISTERED);
        assertThat(available).containsEntry("ann", false);
        assertThat(phones.phones().get("ann").available()).isFalse();
        // Its device turning free changes nothing while the phone is away.
        phones.deviceState("ann", true);
        assertThat(available).containsEntry("ann", false);

        phones.onEvent(contactStatus("NonQualified"));
        assertThat(phones.status("ann")).isEqualTo(PhonePresence.Status.REGISTERED);
        assertThat(available).containsEntry("ann", true);
        phones.onEvent(contactStatus("Reachable"));
        assertThat(phones.phones().get("ann")).isEqualTo(new PhonePresence.PhoneView("PJSIP/ann", "registered",
                true));
    }

    @Test
    void anUnreachablePhoneIsUnavailableAndBackWhenItAnswersAgain() {
        resyncWith(List.of(AmiMessage.of("Event", "ContactList", "Endpoint", "ann",
                "Uri", "sip:ann@127.0.0.1:5070", "Status", "Reachable")));
        assertThat(phones.status("ann")).isEqualTo(PhonePresence.Status.REGISTERED);
        assertThat(available).containsEntry("ann", true);

        phones.onEvent(contactStatus("Unreachable"));
        assertThat(phones.phones().get("ann").status()).isEqualTo("unreachable");
        assertThat(available).containsEntry("ann", false);

        phones.onEvent(contactStatus("Reachable"));
        assertThat(available).containsEntry("ann", true);

        phones.onEvent(contactStatus("Removed"));
        assertThat(phones.status("ann")).isEqualTo(PhonePresence.Status.UNREGISTERED);
        assertThat(available).containsEntry("ann", false);
    }

    @Test
    void aBusyDeviceKeepsARegisteredAgentUnavailable() {
        resyncWith(List.of(AmiMessage.of("Event", "ContactList", "Endpoint", "ann",
                "Uri", "sip:ann@127.0.0.1:5070", "Status", "Reachable")));
        phones.deviceState("ann", false);
        assertThat(available).containsEntry("ann", false);
        phones.onEvent(contactStatus("Unreachable"));
        phones.onEvent(contactStatus("Reachable"));
        assertThat(available).as("the phone is back, but still busy").containsEntry("ann", false);
        phones.deviceState("ann", true);
        assertThat(available).containsEntry("ann", true);
    }

    @Test
    void agentsWithoutASipPhoneFollowTheirDevice() {
        resyncWithNoContacts();
        phones.deviceState("sam", false);
        assertThat(available).containsEntry("sam", false);
        phones.deviceState("sam", true);
        assertThat(available).containsEntry("sam", true);
        phones.onEvent(AmiMessage.of("Event", "ContactStatus", "URI", "sip:x@h", "ContactStatus", "Reachable",
                "EndpointName", "stranger"));
        assertThat(available).containsOnlyKeys("ann", "sam");
    }

    @Test
    void aListThatCannotBeReadLeavesPhonesAsTheyWere() {
        resyncWithNoContacts();
        contacts = CompletableFuture.failedFuture(new AmiNotConnectedException("PJSIPShowContacts"));
        phones.onResync(new AmiResync(List.of(), Map.of(), true));
        assertThat(phones.status("ann")).isEqualTo(PhonePresence.Status.UNREGISTERED);
    }

    @Test
    void aReloadReadsTheContactsOfNewAgentsAndForgetsRemovedOnes() {
        resyncWithNoContacts();
        contacts = new CompletableFuture<>();
        phones.configure(new RoutingConfiguration(List.of(new QueueDefinition("sales", 10, 30)),
                List.of(new AgentDefinition("bea", "PJSIP/bea", List.of("sales")))));
        contacts.complete(List.of(AmiMessage.of("Event", "ContactList", "Endpoint", "bea",
                "Uri", "sip:bea@127.0.0.1:5072", "Status", "NonQualified")));
        assertThat(phones.phones()).containsOnlyKeys("bea");
        assertThat(phones.status("bea")).isEqualTo(PhonePresence.Status.REGISTERED);
        assertThat(phones.status("ann")).isEqualTo(PhonePresence.Status.UNKNOWN);
    }
}
