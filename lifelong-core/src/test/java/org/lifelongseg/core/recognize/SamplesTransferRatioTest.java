package org.lifelongseg.core.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplesTransferRatioTest {

    @Test
    void ianvsDefinitionRoundedLikePython() {
        assertEquals(0.2727, SamplesTransferRatio.of(3, 10), 0);        // 3/11 = 0.272727...
        assertEquals(0.0, SamplesTransferRatio.of(0, 10), 0);
        assertEquals(0.5, SamplesTransferRatio.of(1, 1), 0);            // 1/2
        assertEquals(4 / 21.0, 0.19047619, 1e-8);
        assertEquals(0.1905, SamplesTransferRatio.of(new int[] {3, 1}, new int[] {10, 10}), 0); // summed, not averaged
        // Python: round(0.00005, 4) == 0.0001? 0.00005 is 5.000000000000000409e-05 in binary -> up
        assertEquals(0.0001, SamplesTransferRatio.pythonRound4(0.00005), 0);
        // Python: round(0.12345, 4) == 0.1235 (binary value 0.123450000000000004174...)
        assertEquals(0.1235, SamplesTransferRatio.pythonRound4(0.12345), 0);
        // Python: round(0.00015, 4) == 0.0001 (binary value 0.000149999999999999986...)
        assertEquals(0.0001, SamplesTransferRatio.pythonRound4(0.00015), 0);
        assertEquals(0.0, SamplesTransferRatio.of(0, 0), 0);
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> SamplesTransferRatio.of(5, 4));
        assertThrows(IllegalArgumentException.class, () -> SamplesTransferRatio.of(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> SamplesTransferRatio.of(new int[] {1}, new int[] {1, 2}));
    }
}
