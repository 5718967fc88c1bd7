package org.acdserver.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Deque;
import java.util.function.Supplier;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.AgentStateRecorder;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.IntervalAggregation;
import org.acdserver.gateway.store.IntervalRules;
import org.acdserver.gateway.store.InteractionRecorder;

/**
 * The server's records: its database (a pool of four connections over the configured or embedded PostgreSQL) and the
 * two writers that store into it, the interaction records (aggregated into intervals as they are written) and the
 * agent-state history, both spooled to the settings' spool directory while the database is away.
 *
 * @param database    the database, migrated
 * @param interactions the interaction records' writer
 * @param agentStates the agent-state history's writer
 */
record RecordStores(Database database, InteractionRecorder interactions, AgentStateRecorder agentStates) {

    /**
     * Opens the database, then the writers, each with its meters; each is pushed on {@code opened} as it opens, so
     * that a failed start closes what opened, newest first.
     *
     * @param rules the interval rules in force (the active configuration's), read as records are aggregated
     */
    static RecordStores open(ServerSettings.Database db, Supplier<IntervalRules> rules, MeterRegistry meters,
                             Deque<AutoCloseable> opened) throws Exception {
        Database database = Database.open(new DatabaseSettings(db.embedded() ? null : db.url(), db.username(),
                db.password(), 4, db.dataDirectory(), 0));
        opened.push(database);
        database.bindTo(meters);
        InteractionRecorder interactions = new InteractionRecorder(database.dataSource(), db.spoolDirectory(),
                new IntervalAggregation(rules));
        opened.push(interactions);
        interactions.bindTo(meters);
        AgentStateRecorder agentStates = new AgentStateRecorder(database.dataSource(), db.spoolDirectory());
        opened.push(agentStates);
        agentStates.bindTo(meters);
        return new RecordStores(database, interactions, agentStates);
    }
}
