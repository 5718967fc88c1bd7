package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmiMessageDecoderTest {

    private static final String BANNER = "Asterisk Call Manager/9.0.0\r\n";

    private final EmbeddedChannel ch = channel(256, 8);

    private static EmbeddedChannel channel(int maxLine, int maxHeaders) {
        EmbeddedChannel c = new EmbeddedChannel();
        AmiMessageDecoder.addTo(c.pipeline(), maxLine, maxHeaders);
        return c;
    }

    private void in(String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    private List<Object> drain() {
        List<Object> out = new ArrayList<>();
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            out.add(o);
        }
        return out;
    }

    @Test
    void theBannerComesFirstWithItsVersion() {
        in(BANNER);
        AmiMessageDecoder.Banner banner = ch.readInbound();
        assertThat(banner.line()).isEqualTo("Asterisk Call Manager/9.0.0");
        assertThat(banner.version()).isEqualTo("9.0.0");
    }

    @Test
    void aPeerThatIsNotAManagerIsRefused() {
        assertThatThrownBy(() -> in("SSH-2.0-OpenSSH_9.2\r\n"))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("not an Asterisk manager");
    }

    @Test
    void severalMessagesInOneFrame() {
        in(BANNER + "Response: Success\r\nActionID: a1\r\nMessage: Authentication accepted\r\n\r\n"
                + "Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\n"
                + "Event: Hangup\r\nUniqueid: 17.1\r\nCause: 16\r\n\r\n");
        List<Object> out = drain();
        assertThat(out).hasSize(4);
        AmiMessage login = (AmiMessage) out.get(1);
        assertThat(login.isSuccess()).isTrue();
        assertThat(login.isEvent()).isFalse();
        assertThat(login.actionId()).isEqualTo("a1");
        assertThat(((AmiMessage) out.get(2)).eventName()).isEqualTo("FullyBooted");
        AmiMessage hangup = (AmiMessage) out.get(3);
        assertThat(hangup.get("uniqueid")).isEqualTo("17.1");
        assertThat(hangup.asMap()).containsEntry("CAUSE", "16").hasSize(3);
    }

    @Test
    void messagesSplitAtEveryByte() {
        String wire = BANNER + "Event: Newchannel\r\nChannel: Local/agent1@sim-agent-0000;1\r\nUniqueid: a-1\r\n\r\n"
                + "Event: Hangup\nUniqueid: a-1\n\n"; // bare LF is accepted too
        for (byte b : wire.getBytes(StandardCharsets.UTF_8)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        List<Object> out = drain();
        assertThat(out).hasSize(3);
        AmiMessage newchannel = (AmiMessage) out.get(1);
        assertThat(newchannel.get("Channel")).isEqualTo("Local/agent1@sim-agent-0000;1");
        assertThat(((AmiMessage) out.get(2)).eventName()).isEqualTo("Hangup");
    }

    @Test
    void linesWithoutAKeyAreKeptAsOutput() {
        in(BANNER);
        drain();
        in("Response: Success\r\nOutput: line one\r\nplain line\r\n\r\n");
        AmiMessage resp = ch.readInbound();
        assertThat(resp.getAll("Output")).containsExactly("line one", "plain line");
    }

    @Test
    void repeatedKeysAreKept() {
        in(BANNER + "Event: VarSet\r\nVariable: A=1\r\nVariable: B=2\r\nValue: sip:1001@host:5060\r\nEmpty:\r\n\r\n");
        List<Object> out = drain();
        AmiMessage m = (AmiMessage) out.get(1);
        assertThat(m.getAll("variable")).containsExactly("A=1", "B=2");
        assertThat(m.get("Variable")).isEqualTo("A=1");
        assertThat(m.get("Value")).isEqualTo("sip:1001@host:5060");
        assertThat(m.get("Empty")).isEmpty();
        assertThat(m.headers()).hasSize(5);
    }

    @Test
    void anOversizedLineIsAProtocolErrorAsSoonAsItPassesTheLimit() {
        in(BANNER);
        drain();
        // No line end yet: failFast reports it without waiting for the rest.
        assertThatThrownBy(() -> in("Event: X\r\nData: " + "x".repeat(300)))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void tooManyHeadersIsAProtocolError() {
        StringBuilder b = new StringBuilder(BANNER).append("Event: X\r\n");
        for (int i = 0; i < 10; i++) {
            b.append("K").append(i).append(": v\r\n");
        }
        assertThatThrownBy(() -> in(b.toString())).isInstanceOf(DecoderException.class)
                .hasMessageContaining("more than 8 headers");
    }

    @Test
    void emptyLinesBetweenMessagesAreIgnored() {
        in(BANNER + "\r\n\r\nEvent: A\r\n\r\n\r\nEvent: B\r\n\r\n");
        List<Object> out = drain();
        assertThat(out).hasSize(3);
        assertThat(((AmiMessage) out.get(2)).eventName()).isEqualTo("B");
    }

    @Test
    void secretsNeverPrint() {
        AmiSettings s = AmiSettings.of("127.0.0.1", 5038, "acd", "hunter2");
        assertThat(s.toString()).doesNotContain("hunter2");
        in(BANNER + "Action: Login\r\nSecret: hunter2\r\n\r\n");
        List<Object> out = drain();
        assertThat(out.get(1).toString()).doesNotContain("hunter2");
        assertThat(AmiAction.of("Login").with("Secret", "hunter2").toString()).doesNotContain("hunter2");
    }
}
