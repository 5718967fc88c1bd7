package org.acdserver.gateway.config;

import java.util.List;

/**
 * The wrap-up codes an agent picks from after a call of a queue ({@code wrapUpCodes} in queues.yaml), and whether one
 * must be picked ({@code wrapUpCodeRequired}).
 *
 * @param codes    the codes, in the order the file lists them
 * @param required true when a wrap-up without a code is refused
 */
public record WrapUpCodes(List<String> codes, boolean required) {

    /** No codes: the agent writes a note only. */
    public static final WrapUpCodes NONE = new WrapUpCodes(List.of(), false);

    public WrapUpCodes {
        codes = List.copyOf(codes);
        if (required && codes.isEmpty()) {
            throw new IllegalArgumentException("wrapUpCodeRequired needs at least one code in wrapUpCodes");
        }
    }
}
