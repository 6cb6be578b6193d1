package org.lifelongseg.core.util;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Environment variables as the project reads them: a variable that is set but empty (or only
 * whitespace), as {@code CITYSCAPES_DATASET=} leaves it, means unset.
 *
 * <pre>{@code
 * Optional<String> root = EnvironmentVariables.get("CITYSCAPES_DATASET");       // the process
 * EnvironmentVariables env = EnvironmentVariables.of(Map.of("CITYSCAPES_DATASET", "")); // tests
 * env.value("CITYSCAPES_DATASET");                                               // Optional.empty()
 * }</pre>
 */
public final class EnvironmentVariables {

    private static final EnvironmentVariables SYSTEM = new EnvironmentVariables(System::getenv);

    private final UnaryOperator<String> lookup;

    private EnvironmentVariables(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    /** The environment of this process. */
    public static EnvironmentVariables system() {
        return SYSTEM;
    }

    /** A fixed environment, e.g. for a test or an embedding application. */
    public static EnvironmentVariables of(Map<String, String> variables) {
        ImmutableMap<String, String> copy = ImmutableMap.copyOf(variables);
        return new EnvironmentVariables(copy::get);
    }

    /** The value of {@code name} in the process environment; empty if unset or blank. */
    public static Optional<String> get(String name) {
        return SYSTEM.value(name);
    }

    /** The value of {@code name}; empty if unset or blank. */
    public Optional<String> value(String name) {
        String v = lookup.apply(Objects.requireNonNull(name, "name"));
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
