package org.acdserver.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.acdserver.yaml.YamlNode;

/** Reads the {@code tests} a flow file carries for {@code simulate --check}: scripted callers and expected ends. */
final class FlowTestReader {

    private final FieldReader f;

    FlowTestReader(FieldReader fields) {
        this.f = fields;
    }

    /** The test cases of a {@code tests} node; none when it is absent. */
    List<FlowTest> read(YamlNode n) {
        List<FlowTest> tests = new ArrayList<>();
        if (n == null) {
            return tests;
        }
        if (!(n instanceof YamlNode.Sequence seq)) {
            f.problem(n.at(), "tests must be a list of test cases");
            return tests;
        }
        for (YamlNode item : seq.items()) {
            if (!(item instanceof YamlNode.Mapping t)) {
                f.problem(item.at(), "a test case must be a mapping");
                continue;
            }
            String name = f.text(t, "name", true);
            List<String> keys = new ArrayList<>();
            YamlNode k = t.get("keys");
            if (k instanceof YamlNode.Sequence ks) {
                ks.items().forEach(x -> keys.add(x instanceof YamlNode.Scalar s && s.text() != null
                        ? s.text() : ""));
            } else if (k instanceof YamlNode.Scalar s && s.text() != null) {
                keys.addAll(FlowSimulator.splitKeys(s.text()));
            }
            QueueResult qr = QueueResult.CONNECTED;
            String r = f.text(t, "queueResult", false);
            if (r != null) {
                try {
                    qr = QueueResult.valueOf(r.toUpperCase(Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    f.problem(t.get("queueResult").at(), "test '" + name
                            + "' queueResult must be connected, callback_accepted or not_served");
                }
            }
            Map<String, String> vars = new LinkedHashMap<>();
            String endStep = null;
            String queue = null;
            if (t.get("expect") instanceof YamlNode.Mapping ex) {
                endStep = f.text(ex, "step", false);
                queue = f.text(ex, "queue", false);
                if (ex.get("variables") instanceof YamlNode.Mapping vm) {
                    vm.fields().forEach((key, v) -> vars.put(key, v instanceof YamlNode.Scalar s
                            && s.text() != null ? s.text() : ""));
                }
            } else {
                f.problem(t.at(), "test '" + name + "' needs expect: {step, queue, variables}");
            }
            tests.add(new FlowTest(name == null ? "?" : name, keys, f.text(t, "caller", false),
                    f.text(t, "time", false), qr, endStep, queue, vars, t.at()));
        }
        return tests;
    }
}
