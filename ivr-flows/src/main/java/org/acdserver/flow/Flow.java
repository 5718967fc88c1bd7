package org.acdserver.flow;

import java.util.Map;

/**
 * A validated IVR flow: its name, the first step, and every step by id. Every reference between steps resolves.
 *
 * @param name   the flow's name; callers reach it as the AGI script of the same name
 * @param start  id of the first step
 * @param steps  steps by id, in file order
 * @param source where it was loaded from, for messages
 */
public record Flow(String name, String start, Map<String, Step> steps, String source) {

    public Step step(String id) {
        Step s = steps.get(id);
        if (s == null) {
            throw new IllegalStateException("flow " + name + " has no step " + id);
        }
        return s;
    }
}
