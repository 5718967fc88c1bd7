package org.acdserver.gateway.config;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The differences between two sets of configuration files as unified diffs, file by file, in name order: a file only
 * in the second set is added, one only in the first removed, one whose text differs modified; identical files are
 * left out. Made with java-diff-utils, three lines of context, headers {@code a/<file>} and {@code b/<file>} as
 * {@code git diff} writes them.
 */
public final class ConfigurationDiff {

    private static final int CONTEXT = 3;

    /** One file's change: {@code added}, {@code removed} or {@code modified}, and its unified diff. */
    public record FileChange(String file, String change, String diff) {
    }

    private ConfigurationDiff() {
    }

    /** The changes from {@code from} to {@code to}, each a relative file name to its text. */
    public static List<FileChange> between(Map<String, String> from, Map<String, String> to) {
        SortedSet<String> names = new TreeSet<>(from.keySet());
        names.addAll(to.keySet());
        List<FileChange> changes = new ArrayList<>();
        for (String name : names) {
            String a = from.get(name);
            String b = to.get(name);
            if (a != null && a.equals(b)) {
                continue;
            }
            List<String> before = lines(a);
            List<String> after = lines(b);
            Patch<String> patch = DiffUtils.diff(before, after);
            List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(a == null ? "/dev/null" : "a/" + name,
                    b == null ? "/dev/null" : "b/" + name, before, patch, CONTEXT);
            changes.add(new FileChange(name, a == null ? "added" : b == null ? "removed" : "modified",
                    String.join("\n", unified) + "\n"));
        }
        return changes;
    }

    /** All the changes as one text, as {@code git diff} shows several files. */
    public static String text(List<FileChange> changes) {
        StringBuilder out = new StringBuilder();
        changes.forEach(c -> out.append(c.diff()));
        return out.toString();
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    }
}
