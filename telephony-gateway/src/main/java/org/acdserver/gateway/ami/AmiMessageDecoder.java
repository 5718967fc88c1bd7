package org.acdserver.gateway.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns manager lines into messages: {@code Key: Value} lines up to an empty line. The first line of a connection is
 * the banner ({@code Asterisk Call Manager/x.y.z}) and is passed on as a message with one {@code Banner} header.
 * A message with more than {@code maxHeaders} headers is a protocol error.
 */
final class AmiMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    private final int maxHeaders;
    private List<Map.Entry<String, String>> headers = new ArrayList<>();
    private boolean bannerSeen;

    AmiMessageDecoder(int maxHeaders) {
        this.maxHeaders = maxHeaders;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        String line = frame.toString(StandardCharsets.UTF_8);
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line = line.substring(0, line.length() - 1);
        }
        if (!bannerSeen) {
            bannerSeen = true;
            out.add(new AmiMessage(List.of(new AbstractMap.SimpleImmutableEntry<>("Banner", line))));
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
