package org.acdserver.gateway.agi;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilter;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts FastAGI connections only from the configured Asterisk addresses ({@code agi.allow} in acd.yaml, loopback by
 * default): anyone who can open the port could otherwise run flows, change agents' states with feature codes, or
 * read the customer data that flows look up. Other peers are closed as soon as they connect, before a byte is read,
 * with a log line naming them. Netty's {@link IpSubnetFilter} does the matching; one instance serves every channel.
 */
@ChannelHandler.Sharable
final class AgiPeerFilter extends IpSubnetFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AgiPeerFilter.class);

    private final List<String> allowed;
    private final Runnable onRejected;

    /**
     * @param allow      addresses or CIDR blocks, e.g. {@code 127.0.0.1}, {@code ::1}, {@code 10.1.2.0/24}
     * @param onRejected counts a refused connection
     */
    AgiPeerFilter(List<String> allow, Runnable onRejected) {
        super(false, rules(allow));
        this.allowed = List.copyOf(allow);
        this.onRejected = onRejected;
    }

    private static List<IpSubnetFilterRule> rules(List<String> allow) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String entry : allow) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
            if (bytes == null) {
                throw new IllegalArgumentException("agi.allow: '" + entry + "' is not an IP address or CIDR block");
            }
            int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            rules.add(new IpSubnetFilterRule(address, bits, IpFilterRuleType.ACCEPT));
        }
        return rules;
    }

    @Override
    protected ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress remoteAddress) {
        onRejected.run();
        LOG.warn("FastAGI connection from {}:{} refused: not in agi.allow {}", remoteAddress.getAddress()
                .getHostAddress(), remoteAddress.getPort(), allowed);
        return null;
    }
}
