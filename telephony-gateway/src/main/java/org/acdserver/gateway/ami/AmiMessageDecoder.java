package org.acdserver.gateway.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns manager lines into messages: {@code Key: Value} lines up to an empty line. It sits behind a
 * {@link LineBasedFrameDecoder} that bounds the line length ({@link #addTo}). The first line of a connection is the
 * banner ({@code Asterisk Call Manager/x.y.z}), passed on as a {@link Banner}; anything else there means the peer is
 * not an Asterisk manager. A message with more than {@code maxHeaders} headers is a protocol error. Both errors
 * surface as a {@link io.netty.handler.codec.DecoderException}.
 */
final class AmiMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    static final String BANNER_PREFIX = "Asterisk Call Manager/";

    /** The first line of a manager connection. */
    record Banner(String line) {
        String version() {
            return line.substring(BANNER_PREFIX.length());
        }
    }

    private final int maxHeaders;
    private List<Map.Entry<String, String>> headers = new ArrayList<>();
    private boolean bannerSeen;
    private boolean discarding;

    AmiMessageDecoder(int maxHeaders) {
        this.maxHeaders = maxHeaders;
    }

    /** Adds the line splitter (lines of at most {@code maxLine} bytes) and this decoder to a pipeline. */
    static void addTo(ChannelPipeline pipeline, int maxLine, int maxHeaders) {
        // failFast: an oversized line fails as soon as it passes the limit, not when its end finally arrives.
        pipeline.addLast("ami-lines", new LineBasedFrameDecoder(maxLine, true, true));
        pipeline.addLast("ami-messages", new AmiMessageDecoder(maxHeaders));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        String line = frame.toString(StandardCharsets.UTF_8);
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line = line.substring(0, line.length() - 1);
        }
        if (!bannerSeen) {
            bannerSeen = true;
            if (!line.startsWith(BANNER_PREFIX)) {
                String shown = line.length() > 60 ? line.substring(0, 60) + "..." : line;
                throw new CorruptedFrameException("not an Asterisk manager banner: '" + shown + "'");
            }
            out.add(new Banner(line));
            return;
        }
        if (discarding) {
            // After an oversized message, skip to its end so that one violation is reported once.
            discarding = !line.isEmpty();
            return;
        }
        if (line.isEmpty()) {
            if (!headers.isEmpty()) {
                out.add(new AmiMessage(headers));
                headers = new ArrayList<>();
            }
            return;
        }
        if (headers.size() >= maxHeaders) {
            headers = new ArrayList<>();
            discarding = true;
            throw new TooLongFrameException("manager message with more than " + maxHeaders + " headers");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            // Output of old-style commands; kept under a neutral key rather than dropped.
            headers.add(new AbstractMap.SimpleImmutableEntry<>("Output", line));
            return;
        }
        String value = colon + 1 < line.length() && line.charAt(colon + 1) == ' '
                ? line.substring(colon + 2) : line.substring(colon + 1);
        headers.add(new AbstractMap.SimpleImmutableEntry<>(line.substring(0, colon), value));
    }
}
