package org.acdserver.gateway.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the configuration directory and its flow directory, and asks for a reload when files change. Editors
 * write a file in several steps, so changes are gathered until the directories have been quiet for
 * {@code settleMillis}; then one reload runs. One daemon thread for the whole server, blocked in the watch service;
 * the reload itself validates, so a half-written or broken file is rejected and the running version stays.
 */
public final class ConfigurationWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationWatch.class);

    /** What a change triggers; it reports problems by throwing. */
    @FunctionalInterface
    public interface Reload {
        String reload() throws Exception;
    }

    private final WatchService watcher;
    private final Thread thread;
    private final long settleMillis;
    private final Reload reload;

    public ConfigurationWatch(List<Path> directories, long settleMillis, Reload reload) throws IOException {
        this.watcher = FileSystems.getDefault().newWatchService();
        this.settleMillis = settleMillis;
        this.reload = reload;
        for (Path d : directories) {
            d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
        this.thread = new Thread(this::loop, "acd-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                drain(watcher.take());
                // Gather the rest of an editor's writes before reloading once.
                WatchKey more;
                while ((more = watcher.poll(settleMillis, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    LOG.info("configuration files changed: {}", reload.reload());
                } catch (Exception e) {
                    LOG.warn("configuration files changed but were not activated: {}", e.getMessage());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closing.
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
