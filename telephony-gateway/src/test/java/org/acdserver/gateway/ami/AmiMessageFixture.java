package org.acdserver.gateway.ami;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds manager messages for tests in other packages (the constructor is package-private on purpose). */
public final class AmiMessageFixture {
    public AmiMessage message(Map<String, String> headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        headers.forEach((k, v) -> list.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        return new AmiMessage(list);
    }
}
