package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmiMessageDecoderTest {

    private final EmbeddedChannel ch = new EmbeddedChannel(new LineBasedFrameDecoder(1024, true, true),
            new AmiMessageDecoder(8));

    private void in(String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void bannerThenMessagesSplitAcrossPackets() {
        in("Asterisk Call Manager/9.0.0\r\nResponse: Success\r\nActionID: a");
        in("cd-1\r\nMessage: Authentication accepted\r\n\r\nEvent: Hangup\r\nUniqueid: 17.1\r\nCause: 16\r\n\r\n");
        AmiMessage banner = ch.readInbound();
        assertThat(banner.get("Banner")).isEqualTo("Asterisk Call Manager/9.0.0");
        AmiMessage login = ch.readInbound();
        assertThat(login.isSuccess()).isTrue();
        assertThat(login.actionId()).isEqualTo("acd-1");
        AmiMessage hangup = ch.readInbound();
        assertThat(hangup.eventName()).isEqualTo("Hangup");
        assertThat(hangup.get("uniqueid")).isEqualTo("17.1");
    }

    @Test
    void repeatedKeysAreKept() {
        in("Asterisk Call Manager/9.0.0\r\nEvent: VarSet\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n");
        ch.readInbound();
        AmiMessage m = ch.readInbound();
        assertThat(m.getAll("Variable")).containsExactly("A=1", "B=2");
    }

    @Test
    void tooManyHeadersIsAProtocolError() {
        StringBuilder b = new StringBuilder("Asterisk Call Manager/9.0.0\r\nEvent: X\r\n");
        for (int i = 0; i < 10; i++) {
            b.append("K").append(i).append(": v\r\n");
        }
        assertThatThrownBy(() -> in(b.toString())).isInstanceOf(DecoderException.class);
    }

    @Test
    void actionsEncodeWithTheirIdAndRefuseLineBreaks() {
        String wire = AmiAction.of("Originate").with("Channel", "Local/a@b/n").variable("X", "1").encode("id-9");
        assertThat(wire).isEqualTo("Action: Originate\r\nActionID: id-9\r\nChannel: Local/a@b/n\r\nVariable: X=1\r\n\r\n");
        assertThatThrownBy(() -> AmiAction.of("Hangup").with("Channel", "x\r\nAction: Logoff"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsNeverPrint() {
        AmiSettings s = new AmiSettings("127.0.0.1", 5038, "acd", "hunter2", null, null, null, null);
        assertThat(s.toString()).doesNotContain("hunter2");
        in("Asterisk Call Manager/9.0.0\r\nAction: Login\r\nSecret: hunter2\r\n\r\n");
        ch.readInbound();
        AmiMessage m = ch.readInbound();
        assertThat(m.toString()).doesNotContain("hunter2");
    }
}
