package org.lifelongseg.core.engine;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Process-wide engine choices that change numerical results (which convolution kernels run,
 * whether a backend was switched off on this CPU, ...), recorded by whoever makes them and copied
 * into the provenance of every checkpoint and result.
 *
 * <pre>{@code
 * EngineSettings.record("convolution", "aten (oneDNN off: wrong results on this CPU)");
 * EngineSettings.snapshot();   // {convolution=aten (oneDNN off: ...)}
 * }</pre>
 */
public final class EngineSettings {

    private static final Map<String, String> SETTINGS = new ConcurrentSkipListMap<>();

    private EngineSettings() {}

    /** Records (or replaces) the setting {@code key}. */
    public static void record(String key, String value) {
        Preconditions.checkArgument(key != null && !key.isBlank(), "setting key must not be blank");
        Preconditions.checkArgument(value != null, "setting %s has no value", key);
        SETTINGS.put(key, value);
    }

    /** The settings recorded so far, sorted by key. */
    public static ImmutableSortedMap<String, String> snapshot() {
        return ImmutableSortedMap.copyOf(SETTINGS);
    }
}
