package org.acdserver.gateway.config;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.acdserver.yaml.YamlNode;

/**
 * An agent's SIP phone as {@code agents.yaml} gives it: {@code phone: {sip: 1001, password: ...}} or
 * {@code phone: {sip: 1001, passwordEnv: ACD_SIP_1001}}. The phone registers as the SIP user and Asterisk dials it as
 * {@code PJSIP/<sip>}, the agent's endpoint. The server needs no password; it is what the PJSIP sections rendered for
 * a sandbox (or a real installation) give the phone, so it may be left out. {@link #toString()} never shows it.
 *
 * @param agentId  the agent
 * @param sipUser  the endpoint, auth and aor name: letters, digits, {@code . _ -}
 * @param password the password from the file or the environment, or null when neither gives one
 * @param where    {@code file:line:column} of the phone, and which variable was read, for messages
 */
public record AgentPhone(String agentId, String sipUser, String password, String where) {

    public AgentPhone {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(sipUser, "sipUser");
    }

    /** The dial string Asterisk reaches the phone with. */
    public String endpoint() {
        return "PJSIP/" + sipUser;
    }

    /** The password; fails, naming the file and line, when the configuration gives none. */
    public String requirePassword() {
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException(where + ": the phone of agent '" + agentId + "' has no password");
        }
        return password;
    }

    /** Reads {@code phone:} of an agent; the password from {@code password} or the variable {@code passwordEnv}. */
    static AgentPhone read(ConfigFile file, YamlNode.Mapping phone, String agentId, UnaryOperator<String> environment)
            throws InvalidConfigurationException {
        for (String key : phone.fields().keySet()) {
            if (!key.equals("sip") && !key.equals("password") && !key.equals("passwordEnv")) {
                throw file.error(phone.keyAt(key), "agent '" + agentId + "': unknown phone field '" + key
                        + "' (known: sip, password, passwordEnv)");
            }
        }
        String sip = file.text(phone, "sip", "");
        if (!sip.matches("[A-Za-z0-9._-]{1,64}")) {
            throw file.error(phone.get("sip") == null ? phone : phone.get("sip"), "agent '" + agentId
                    + "': phone.sip must be a SIP user of 1-64 letters, digits, '.', '_' and '-', not '" + sip + "'");
        }
        String literal = file.text(phone, "password", null);
        String variable = file.text(phone, "passwordEnv", null);
        if (literal != null && variable != null) {
            throw file.error(phone.keyAt("passwordEnv"), "agent '" + agentId
                    + "': give the phone's password or passwordEnv, not both");
        }
        if (variable != null && !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw file.error(phone.get("passwordEnv"), "agent '" + agentId + "': passwordEnv must name an"
                    + " environment variable, not '" + variable + "'");
        }
        String password = variable != null ? environment.apply(variable) : literal;
        if (password != null && password.matches("(?s).*[;\\r\\n].*")) {
            // A ';' starts a comment in Asterisk's configuration files.
            throw file.error(variable != null ? phone.get("passwordEnv") : phone.get("password"), "agent '"
                    + agentId + "': the phone's password cannot hold ';' or line breaks");
        }
        String where = file.where(phone) + (variable != null ? " (passwordEnv " + variable + ")" : "");
        return new AgentPhone(agentId, sip, password, where);
    }

    @Override
    public String toString() {
        return "AgentPhone[" + agentId + ", " + endpoint() + (password == null ? ", no password" : "") + "]";
    }
}
