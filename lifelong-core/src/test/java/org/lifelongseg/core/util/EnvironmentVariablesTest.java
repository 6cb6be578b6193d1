package org.lifelongseg.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentVariablesTest {

    private final EnvironmentVariables env = EnvironmentVariables.of(Map.of(
            "SET", "/data/cityscapes", "EMPTY", "", "BLANK", "  \t", "SPACED", " a b "));

    @Test
    void emptyOrBlankMeansUnset() {
        assertEquals(Optional.empty(), env.value("EMPTY"));
        assertEquals(Optional.empty(), env.value("BLANK"));
        assertEquals(Optional.empty(), env.value("UNSET"));
    }

    @Test
    void otherValuesAreReturnedAsGiven() {
        assertEquals(Optional.of("/data/cityscapes"), env.value("SET"));
        assertEquals(Optional.of(" a b "), env.value("SPACED"));
    }

    @Test
    void theProcessEnvironmentFollowsTheSameRule() {
        String path = System.getenv("PATH");
        assertEquals(path == null || path.isBlank() ? Optional.empty() : Optional.of(path),
                EnvironmentVariables.get("PATH"));
    }
}
