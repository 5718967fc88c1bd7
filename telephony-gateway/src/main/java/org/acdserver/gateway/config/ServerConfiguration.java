package org.acdserver.gateway.config;

import java.nio.file.Path;
import java.util.Map;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.flow.Flow;

/**
 * Everything the server needs to start, loaded and checked from the configuration directory.
 *
 * @param directory the configuration directory it came from
 * @param agi       where the FastAGI server listens
 * @param ami       the Asterisk manager to connect to
 * @param http      where metrics and health are served
 * @param database  the database; an empty URL means embedded
 * @param routing   queues and agents
 * @param flows     IVR flows by name (the AGI script name)
 */
public record ServerConfiguration(Path directory, Endpoint agi, Ami ami, Endpoint http, Database database,
                                  RoutingConfiguration routing, Map<String, Flow> flows) {

    /** A host and port to bind or connect to. */
    public record Endpoint(String host, int port) {
        public Endpoint withPort(int newPort) {
            return new Endpoint(host, newPort);
        }
    }

    /** Asterisk manager connection. The secret never appears in {@link #toString()}. */
    public record Ami(String host, int port, String username, String secret) {
        @Override
        public String toString() {
            return "Ami[" + username + "@" + host + ":" + port + "]";
        }
    }

    /** Database connection; the password never appears in {@link #toString()}. */
    public record Database(String url, String username, String password) {
        public boolean embedded() {
            return url == null || url.isBlank();
        }

        @Override
        public String toString() {
            return embedded() ? "Database[embedded]" : "Database[" + url + "]";
        }
    }

    public ServerConfiguration withAgi(Endpoint newAgi) {
        return new ServerConfiguration(directory, newAgi, ami, http, database, routing, flows);
    }

    public ServerConfiguration withAmi(Ami newAmi) {
        return new ServerConfiguration(directory, agi, newAmi, http, database, routing, flows);
    }

    public ServerConfiguration withHttp(Endpoint newHttp) {
        return new ServerConfiguration(directory, agi, ami, newHttp, database, routing, flows);
    }

    public ServerConfiguration withDatabase(Database newDatabase) {
        return new ServerConfiguration(directory, agi, ami, http, newDatabase, routing, flows);
    }

    public ServerConfiguration withRouting(RoutingConfiguration newRouting) {
        return new ServerConfiguration(directory, agi, ami, http, database, newRouting, flows);
    }
}
