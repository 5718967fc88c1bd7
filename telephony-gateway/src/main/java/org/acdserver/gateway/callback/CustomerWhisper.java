package org.acdserver.gateway.callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the agent of a callback hears before the customer is dialed, as AGI commands: "calling", the queue spelled
 * out, the customer's number as digits, then each piece of customer data the flow chose (numbers as numbers, short
 * codes spelled out). Values of any other shape are left out rather than written into a command line.
 */
final class CustomerWhisper {

    private CustomerWhisper() {
    }

    static List<String> commands(CallbackTicket ticket) {
        List<String> commands = new ArrayList<>();
        commands.add("STREAM FILE calling \"\"");
        commands.add("SAY ALPHA " + ticket.queue() + " \"\"");
        commands.add("SAY DIGITS " + ticket.number() + " \"\"");
        for (Map.Entry<String, String> e : ticket.customerData().entrySet()) {
            String command = say(e.getValue().strip());
            if (command != null) {
                commands.add(command + " \"\"");
            }
        }
        return commands;
    }

    private static String say(String value) {
        if (value.matches("-?[0-9]{1,12}(\\.[0-9]+)?")) {
            // Amounts are spoken in whole units, as the flow's own currency prompts do.
            return "SAY NUMBER " + Math.round(Double.parseDouble(value));
        }
        if (value.matches("[A-Za-z0-9]{1,16}")) {
            return "SAY ALPHA " + value;
        }
        return null;
    }
}
