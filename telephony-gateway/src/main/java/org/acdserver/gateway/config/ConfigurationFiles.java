package org.acdserver.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files a configuration version is made of, on disk: the skills, schedules, queries, queues and agents files
 * {@code acd.yaml} names, and every flow file ({@code *.yaml} of the flow directory). Each is known by its path
 * relative to the configuration directory, with {@code /} between names ({@code queues.yaml},
 * {@code flows/main.yaml}). {@code acd.yaml} itself is not one of them: it holds start-up settings and secrets.
 *
 * <p>Proposed files are checked before anything is written: they are laid out in a staging directory beside the
 * configuration directory (the unchanged files linked, the proposed ones written) and loaded from there as a reload
 * would load them; errors name the real files. Then each file replaces its original atomically (a temporary file
 * in the same directory, renamed over it), so that a reader (a reload, the file watch, an editor) sees the old text
 * or the new one, never half of it.
 */
public final class ConfigurationFiles {

    /** The keys of {@code acd.yaml} that name a file of the configuration, with their default names. */
    private static final List<String> NAMED = List.of("skills", "schedules", "queries", "queues", "agents");

    private final Path directory;
    private final Path flowsDirectory;

    public ConfigurationFiles(Path directory, Path flowsDirectory) {
        this.directory = directory;
        this.flowsDirectory = flowsDirectory;
    }

    /** The files of the configuration in the running server's directories. */
    public static ConfigurationFiles of(ServerSettings settings) {
        return new ConfigurationFiles(settings.directory(), settings.flowsDirectory());
    }

    /** Every file of the configuration as it is on disk now, by relative name. */
    public SortedMap<String, String> read() throws InvalidConfigurationException {
        SortedMap<String, String> files = new TreeMap<>();
        try {
            for (String name : namedFiles()) {
                Path p = directory.resolve(name);
                if (Files.isRegularFile(p)) {
                    files.put(name, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
            if (Files.isDirectory(flowsDirectory)) {
                for (Path p : flowFiles(flowsDirectory)) {
                    files.put(relative(p), Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new InvalidConfigurationException(directory + ": cannot read the configuration: " + e.getMessage(),
                    e);
        }
        return files;
    }

    /** One file's text by its relative name; null when it does not exist. */
    public String read(String name) throws InvalidConfigurationException {
        Path p = directory.resolve(name);
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new InvalidConfigurationException(p + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The relative names of the flow files there are now. */
    public List<String> flowNames() throws InvalidConfigurationException {
        try {
            return Files.isDirectory(flowsDirectory) ? flowFiles(flowsDirectory).stream().map(this::relative).toList()
                    : List.of();
        } catch (IOException e) {
            throw new InvalidConfigurationException(flowsDirectory + ": cannot list flows: " + e.getMessage(), e);
        }
    }

    /** The relative names of the files {@code acd.yaml} names (skills, schedules, queries, queues, agents). */
    public List<String> namedFiles() throws InvalidConfigurationException {
        ConfigFile main = ConfigFile.read(directory.resolve("acd.yaml"));
        List<String> names = new ArrayList<>();
        for (String key : NAMED) {
            names.add(relative(directory.resolve(main.text(main.root(), key, key + ".yaml"))));
        }
        return names;
    }

    /** The relative name of a flow file called {@code name} ({@code main} gives {@code flows/main.yaml}). */
    public String flowFile(String name) {
        return relative(flowsDirectory.resolve(name + ".yaml"));
    }

    /**
     * Checks the configuration these changes would make, without touching the real files.
     *
     * @param changes     relative name to new text
     * @param replaceAll  whether the changes are a whole version: flow files not among them are then left out
     * @return what a reload of the changed files would activate
     * @throws InvalidConfigurationException with the real files' names, lines and columns
     * @throws IllegalArgumentException      when a name is not a file of the configuration
     */
    public ConfigurationSnapshot check(Map<String, String> changes, boolean replaceAll)
            throws InvalidConfigurationException {
        List<String> allowed = namedFiles();
        for (String name : changes.keySet()) {
            if (!allowed.contains(name) && !isFlowFile(name)) {
                throw new IllegalArgumentException(name + " is not a file of the configuration (files: " + allowed
                        + " and " + relative(flowsDirectory) + "/*.yaml)");
            }
        }
        Path parent = directory.toAbsolutePath().normalize().getParent();
        Path stage = null;
        try {
            // Beside the real directory, so that relative paths in acd.yaml (sounds, ../data) resolve the same.
            stage = Files.createTempDirectory(parent, "." + directory.getFileName() + "-check-");
            lay(directory.toAbsolutePath().normalize(), stage, changes, replaceAll);
            try {
                return new ConfigurationLoader().check(stage, stage.resolve(relative(flowsDirectory)));
            } catch (InvalidConfigurationException e) {
                throw new InvalidConfigurationException(e.getMessage().replace(stage.toString(),
                        directory.toString()), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the configuration beside " + directory + ": "
                    + e.getMessage(), e);
        } finally {
            if (stage != null) {
                delete(stage);
            }
        }
    }

    /**
     * Writes the changes over the real files, each atomically; with {@code replaceAll}, flow files not among them are
     * deleted. Check them first ({@link #check}).
     */
    public void write(Map<String, String> changes, boolean replaceAll) throws IOException {
        if (replaceAll && Files.isDirectory(flowsDirectory)) {
            for (Path p : flowFiles(flowsDirectory)) {
                if (!changes.containsKey(relative(p))) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, String> e : changes.entrySet()) {
            Path target = directory.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(temp, e.getValue(), StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException unsupported) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Whether a relative name is a flow file: {@code <flow directory>/<name>.yaml}, nothing deeper. */
    private boolean isFlowFile(String name) {
        String dir = relative(flowsDirectory);
        return !dir.startsWith("..") && name.startsWith(dir + "/") && name.endsWith(".yaml")
                && name.indexOf('/', dir.length() + 1) < 0 && name.length() > dir.length() + 1 + ".yaml".length()
                && !name.substring(dir.length() + 1).startsWith(".");
    }

    /**
     * Mirrors {@code real} into {@code stage}: links to the unchanged entries, real directories where a change lies
     * below, and the changes' texts. With {@code replaceAll}, the flow directory holds only the changes' flows.
     */
    private void lay(Path real, Path stage, Map<String, String> changes, boolean replaceAll) throws IOException {
        Path flows = flowsDirectory.toAbsolutePath().normalize();
        try (Stream<Path> entries = Files.list(real)) {
            for (Path e : entries.toList()) {
                String name = relative(e);
                Path copy = stage.resolve(e.getFileName().toString());
                if (changes.containsKey(name)) {
                    continue;
                }
                boolean below = e.equals(flows) || flows.startsWith(e)
                        || changes.keySet().stream().anyMatch(k -> k.startsWith(name + "/"));
                if (Files.isDirectory(e) && below) {
                    Files.createDirectories(copy);
                    lay(e, copy, changes, replaceAll);
                } else if (!(replaceAll && e.getParent().equals(flows) && name.endsWith(".yaml"))) {
                    Files.createSymbolicLink(copy, e);
                }
            }
        }
        if (real.equals(directory.toAbsolutePath().normalize())) {
            for (Map.Entry<String, String> c : changes.entrySet()) {
                Path target = stage.resolve(c.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, c.getValue(), StandardCharsets.UTF_8);
            }
            Files.createDirectories(stage.resolve(relative(flowsDirectory)));
        }
    }

    private static List<Path> flowFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f))
                    .sorted().toList();
        }
    }

    /** A path's name relative to the configuration directory, with {@code /} between names. */
    private String relative(Path p) {
        Path base = directory.toAbsolutePath().normalize();
        return base.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static void delete(Path tree) {
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover staging directory is harmless; the next check makes a new one.
        }
    }
}
