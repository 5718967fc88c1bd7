package org.acdserver.gateway.standby;

/**
 * What a routing-affecting write adds to its {@code WHERE}: a condition, true while the writer's lease token is still
 * the one in {@code routing_lease}. The condition share-locks the lease row for the writing transaction, so a
 * takeover (which updates the row) waits for writes already in flight, and every later write of the old holder
 * matches nothing. Read the token once per write and build the condition from it, so that both agree.
 */
public interface Fence {

    /** No lease: a server alone writes without a condition, and its rows carry token 0. */
    Fence NONE = new Fence() {
        @Override
        public long token() {
            return 0;
        }

        @Override
        public String condition(long token) {
            return "TRUE";
        }
    };

    /** The writer's token now. */
    long token();

    /** A SQL boolean expression: the lease row still carries {@code token}. */
    default String condition(long token) {
        return "EXISTS (SELECT 1 FROM routing_lease WHERE name = '" + RoutingLease.NAME + "' AND token = " + token
                + " FOR SHARE)";
    }
}
