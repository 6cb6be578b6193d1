package org.lifelongseg.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.lifelongseg.core.util.EnvironmentVariables;

/**
 * Locates the project's real test data ({@code ../shared} beside the checkout).
 *
 * <p>The location is the environment variable {@code LIFELONG_TEST_DATA} if set and not empty,
 * otherwise the system property {@code lifelong.testData} (the build sets it to {@code ../shared}
 * relative to the checkout). Tests that need the data call {@link #require(String)}, which skips
 * the test with a message naming the missing path when the data is absent (a user's fresh clone).
 */
public final class SharedTestData {

    private SharedTestData() {}

    /** The root of the shared test data, whether or not it exists. */
    public static Path root() {
        Optional<String> env = EnvironmentVariables.get("LIFELONG_TEST_DATA");
        if (env.isPresent()) {
            return Path.of(env.get()).toAbsolutePath().normalize();
        }
        String prop = System.getProperty("lifelong.testData");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        return Path.of("..", "shared").toAbsolutePath().normalize();
    }

    /** Whether {@code relative} exists under the shared test data. */
    public static boolean has(String relative) {
        return Files.exists(root().resolve(relative));
    }

    /**
     * Returns {@code root()/relative}, skipping the calling test (JUnit assumption) when it is absent.
     */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(
                Files.exists(p),
                () -> "shared test data not found: " + p
                        + " (put ../shared beside the checkout or set LIFELONG_TEST_DATA)");
        return p;
    }
}
