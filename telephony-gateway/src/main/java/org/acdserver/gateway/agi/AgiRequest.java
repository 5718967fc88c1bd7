package org.acdserver.gateway.agi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code agi_*} variables Asterisk sends when a call connects, with accessors for the common ones. */
public record AgiRequest(Map<String, String> variables) {

    public AgiRequest {
        variables = Map.copyOf(variables);
    }

    public String get(String key) {
        return variables.get(key);
    }

    /** The path after {@code agi://host:port/}, without arguments. */
    public String script() {
        String s = variables.getOrDefault("agi_network_script", "");
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    public String uniqueId() {
        return variables.get("agi_uniqueid");
    }

    public String channel() {
        return variables.get("agi_channel");
    }

    public String callerIdNum() {
        return variables.get("agi_callerid");
    }

    public String extension() {
        return variables.get("agi_extension");
    }

    /** {@code agi_arg_1}, {@code agi_arg_2}, … in order. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        for (int i = 1; variables.containsKey("agi_arg_" + i); i++) {
            args.add(variables.get("agi_arg_" + i));
        }
        return args;
    }
}
