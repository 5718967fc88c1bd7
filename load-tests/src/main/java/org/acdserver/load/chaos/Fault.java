package org.acdserver.load.chaos;

import java.time.Duration;

/**
 * A fault the chaos run injects, and how it is undone. {@link #begin} returns once the fault is in place;
 * {@link #end} returns once it is lifted: the server answers again, Asterisk is booted, PostgreSQL accepts
 * connections, the manager link accepts again.
 */
enum Fault {

    /** {@code kill -9} of the server process, then at once a start of a new one on the same configuration. */
    SERVER_KILL("kill -9 and restart the server", false) {
        @Override
        void begin(ChaosRig rig) throws Exception {
            rig.killServer();
        }

        @Override
        void end(ChaosRig rig) throws Exception {
            rig.startServer();
        }
    },

    /** Asterisk stopped and started again: every call on it ends, and every manager and AGI connection drops. */
    ASTERISK_RESTART("restart Asterisk", false) {
        @Override
        void begin(ChaosRig rig) {
            rig.sandbox.restart();
        }

        @Override
        void end(ChaosRig rig) {
            // The restart above has booted it again.
        }
    },

    /** The PostgreSQL server the server uses, stopped (fast shutdown) for the outage and started again. */
    POSTGRES_STOP("stop PostgreSQL", true) {
        @Override
        void begin(ChaosRig rig) throws Exception {
            rig.stopPostgres();
        }

        @Override
        void end(ChaosRig rig) throws Exception {
            rig.startPostgres();
        }
    },

    /** The server's manager connection dropped and refused for the outage; Asterisk itself runs on. */
    MANAGER_CUT("cut the manager link", true) {
        @Override
        void begin(ChaosRig rig) throws Exception {
            rig.cutManagerLink();
        }

        @Override
        void end(ChaosRig rig) throws Exception {
            rig.restoreManagerLink();
        }
    };

    private final String description;
    private final boolean lasts;

    Fault(String description, boolean lasts) {
        this.description = description;
        this.lasts = lasts;
    }

    String description() {
        return description;
    }

    /** How long the fault stays in place between {@link #begin} and {@link #end}. */
    Duration hold(Duration outage) {
        return lasts ? outage : Duration.ZERO;
    }

    abstract void begin(ChaosRig rig) throws Exception;

    abstract void end(ChaosRig rig) throws Exception;
}
