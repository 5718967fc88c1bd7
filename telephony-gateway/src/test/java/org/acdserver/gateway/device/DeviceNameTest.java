package org.acdserver.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceNameTest {

    @Test
    void aChannelsDeviceIsItsNameUpToTheLastDash() {
        assertThat(DeviceName.ofChannel("PJSIP/amy-0000000a")).isEqualTo("PJSIP/amy");
        assertThat(DeviceName.ofChannel("PJSIP/front-desk-0000000a")).isEqualTo("PJSIP/front-desk");
        assertThat(DeviceName.ofChannel("Local/bob@phones-0000000b;1")).isEqualTo("Local/bob@phones");
        assertThat(DeviceName.ofChannel("PJSIP/amy")).as("a device, not a channel").isNull();
        assertThat(DeviceName.ofChannel("front-desk/x")).as("a dash only before the technology's '/'").isNull();
        assertThat(DeviceName.ofChannel(null)).isNull();
    }

    @Test
    void anEndpointsDeviceDropsLocalDialOptions() {
        assertThat(DeviceName.ofEndpoint("Local/agent1@sim-agent/n")).isEqualTo("Local/agent1@sim-agent");
        assertThat(DeviceName.ofEndpoint("Local/agent1@sim-agent")).isEqualTo("Local/agent1@sim-agent");
        assertThat(DeviceName.ofEndpoint("PJSIP/1001")).isEqualTo("PJSIP/1001");
    }

    @Test
    void anEndpointsChannelsBelongToItsDevice() {
        for (String endpoint : new String[] {"PJSIP/1001", "PJSIP/front-desk", "Local/agent1@sim-agent/n"}) {
            String device = DeviceName.ofEndpoint(endpoint);
            assertThat(DeviceName.ofChannel(device + "-0000002a")).as(endpoint).isEqualTo(device);
        }
    }
}
