package org.acdserver.gateway.config;

import java.util.Map;
import java.util.Objects;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.flow.Flow;
import org.acdserver.gateway.callback.CallbackSettings;

/**
 * The active configuration: everything a reload replaces, as one immutable value. {@link ActiveConfiguration} swaps
 * it whole and numbers each activation; a call keeps the snapshot it started with to its end.
 *
 * @param version       which activation this is (1 at start, one more for every reload or rollback); 0 for a
 *                      configuration loaded but not activated
 * @param routing       queues and agents
 * @param skills        declared skill names with their descriptions
 * @param flows         IVR flows by name (the AGI script name)
 * @param flowResources schedules, named queries and sound directories
 * @param serviceLevels queue id to its service-level target (queues without one use 80% in 20 s)
 * @param callbacks     callback policy by queue id, for the queues that offer callbacks
 * @param agentCodes    the feature codes agents dial from their phones
 * @param kpi           the time zone of interval reports and the first-contact-resolution window
 * @param phones        agent id to the agent's SIP phone, for the agents that have one
 * @param wrapUps       queue id to the wrap-up codes its agents pick from after a call
 */
public record ConfigurationSnapshot(long version, RoutingConfiguration routing, Map<String, String> skills,
                                    Map<String, Flow> flows, FlowResources flowResources,
                                    Map<String, ServiceLevelTarget> serviceLevels,
                                    Map<String, CallbackSettings> callbacks, AgentCodes agentCodes,
                                    KpiSettings kpi, Map<String, AgentPhone> phones,
                                    Map<String, WrapUpCodes> wrapUps) {

    public ConfigurationSnapshot {
        Objects.requireNonNull(routing, "routing");
        skills = Map.copyOf(skills);
        flows = Map.copyOf(flows);
        flowResources = flowResources == null ? FlowResources.NONE : flowResources;
        serviceLevels = Map.copyOf(serviceLevels);
        callbacks = Map.copyOf(callbacks);
        agentCodes = agentCodes == null ? AgentCodes.defaults() : agentCodes;
        kpi = kpi == null ? KpiSettings.DEFAULT : kpi;
        phones = phones == null ? Map.of() : Map.copyOf(phones);
        wrapUps = wrapUps == null ? Map.of() : Map.copyOf(wrapUps);
    }

    /** The wrap-up codes of a queue ({@link WrapUpCodes#NONE} when it lists none). */
    public WrapUpCodes wrapUpCodes(String queue) {
        return queue == null ? WrapUpCodes.NONE : wrapUps.getOrDefault(queue, WrapUpCodes.NONE);
    }

    /** The service-level target of a queue. */
    public ServiceLevelTarget serviceLevel(String queue) {
        return serviceLevels.getOrDefault(queue, ServiceLevelTarget.DEFAULT);
    }

    /** A configuration of these queues and agents, with nothing else. */
    public static Builder builder(RoutingConfiguration routing) {
        return new Builder(routing);
    }

    /** A builder starting from this snapshot. */
    public Builder toBuilder() {
        Builder b = new Builder(routing);
        b.version = version;
        b.skills = skills;
        b.flows = flows;
        b.flowResources = flowResources;
        b.serviceLevels = serviceLevels;
        b.callbacks = callbacks;
        b.agentCodes = agentCodes;
        b.kpi = kpi;
        b.phones = phones;
        b.wrapUps = wrapUps;
        return b;
    }

    /** Builds a snapshot; what is not set stays empty (or as in the snapshot it started from). */
    public static final class Builder {
        private long version;
        private RoutingConfiguration routing;
        private Map<String, String> skills = Map.of();
        private Map<String, Flow> flows = Map.of();
        private FlowResources flowResources = FlowResources.NONE;
        private Map<String, ServiceLevelTarget> serviceLevels = Map.of();
        private Map<String, CallbackSettings> callbacks = Map.of();
        private AgentCodes agentCodes = AgentCodes.defaults();
        private KpiSettings kpi = KpiSettings.DEFAULT;
        private Map<String, AgentPhone> phones = Map.of();
        private Map<String, WrapUpCodes> wrapUps = Map.of();

        private Builder(RoutingConfiguration routing) {
            this.routing = routing;
        }

        public Builder version(long value) {
            this.version = value;
            return this;
        }

        public Builder routing(RoutingConfiguration value) {
            this.routing = value;
            return this;
        }

        public Builder skills(Map<String, String> value) {
            this.skills = value;
            return this;
        }

        public Builder flows(Map<String, Flow> value) {
            this.flows = value;
            return this;
        }

        public Builder flowResources(FlowResources value) {
            this.flowResources = value;
            return this;
        }

        public Builder serviceLevels(Map<String, ServiceLevelTarget> value) {
            this.serviceLevels = value;
            return this;
        }

        public Builder callbacks(Map<String, CallbackSettings> value) {
            this.callbacks = value;
            return this;
        }

        public Builder agentCodes(AgentCodes value) {
            this.agentCodes = value;
            return this;
        }

        public Builder kpi(KpiSettings value) {
            this.kpi = value;
            return this;
        }

        public Builder phones(Map<String, AgentPhone> value) {
            this.phones = value;
            return this;
        }

        public Builder wrapUps(Map<String, WrapUpCodes> value) {
            this.wrapUps = value;
            return this;
        }

        public ConfigurationSnapshot build() {
            return new ConfigurationSnapshot(version, routing, skills, flows, flowResources, serviceLevels, callbacks,
                    agentCodes, kpi, phones, wrapUps);
        }
    }
}
