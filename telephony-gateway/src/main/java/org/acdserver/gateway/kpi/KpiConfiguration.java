package org.acdserver.gateway.kpi;

import java.util.HashMap;
import java.util.Map;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.ServiceLevelTarget;
import org.acdserver.gateway.store.IntervalRules;

/** What the interval aggregates take from a configuration snapshot when records are stored. */
public final class KpiConfiguration {

    private KpiConfiguration() {
    }

    /** Each queue's service-level time and short-abandon threshold, and the FCR window. */
    public static IntervalRules rules(ConfigurationSnapshot config) {
        Map<String, IntervalRules.QueueRule> queues = new HashMap<>();
        config.serviceLevels().forEach((q, t) -> queues.put(q, rule(t)));
        config.routing().queues().forEach(q -> queues.computeIfAbsent(q.id(), k -> rule(config.serviceLevel(k))));
        return new IntervalRules(queues, rule(ServiceLevelTarget.DEFAULT), config.kpi().fcrWindow());
    }

    private static IntervalRules.QueueRule rule(ServiceLevelTarget t) {
        return new IntervalRules.QueueRule(t.seconds(), t.shortAbandonSeconds());
    }
}
