package org.lifelongseg.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.task.ClassSpace;

/** Label encodings: validity, the classes a map shows, tables and the errors naming the file. */
class LabelEncodingTest {

    /** Value 3 is void (valid, no class), 9 and 4 name the same class, everything else is invalid. */
    static LabelEncoding twoValuesOneClass() {
        String[] classOf = new String[256];
        boolean[] valid = new boolean[256];
        classOf[9] = "car";
        classOf[4] = "car";
        classOf[7] = "road";
        valid[9] = valid[4] = valid[7] = valid[3] = true;
        return LabelEncoding.of("the test table", classOf, valid, "is not in the test table (3, 4, 7, 9)");
    }

    @Test
    void classIndicesNameValueIAsClassIAndVoidAs255() {
        LabelEncoding e = LabelEncoding.classIndices("x/classes.txt", ClassSpace.of("grass", "path"));
        assertEquals(List.of("grass", "path"), e.classes());
        assertEquals(Optional.of("path"), e.classOf(1));
        assertEquals(Optional.empty(), e.classOf(255));
        assertTrue(e.isValid(255) && e.isValid(0));
        assertFalse(e.isValid(2));
        byte[] t = e.table(ClassSpace.of("path", "grass", "dog"), List.of("path"));
        assertEquals(0, t[1]);
        assertEquals(255, t[0] & 0xFF);
        assertEquals(255, t[255] & 0xFF);
    }

    @Test
    void valuesNamingOneClassMapToItsChannelAndVoidIsIgnored() {
        LabelEncoding e = twoValuesOneClass();
        assertEquals(List.of("car", "road"), e.classes()); // order of the first value
        byte[] t = e.table(ClassSpace.of("road", "car"), List.of("car", "road"));
        assertEquals(1, t[4]);
        assertEquals(1, t[9]);
        assertEquals(0, t[7]);
        assertEquals(255, t[3] & 0xFF);
        assertEquals(Set.of("car"), e.classesIn(new byte[] {3, 9, 3}));
        assertEquals(List.of("car", "road"), List.copyOf(e.classesIn(new byte[] {7, 4})));
    }

    @Test
    void anInvalidValueIsNamedWithItsFilePositionAndCount() throws Exception {
        LabelEncoding e = twoValuesOneClass();
        Path file = Path.of("gt", "a.png");
        e.check("a", file, new byte[] {3, 4, 7, 9}, 2);
        BadSampleException bad = assertThrows(BadSampleException.class,
                () -> e.check("a", file, new byte[] {3, 4, 5, 5, 9, 5}, 3));
        assertEquals(file + ": label value 5 (at x=2, y=0; 3 pixel(s)) is not in the test table (3, 4, 7, 9)",
                bad.getMessage());
        assertEquals("a", bad.sampleId());
        assertEquals(Optional.of(file), bad.file());
    }

    @Test
    void tablesRefuseClassesTheEncodingOrTheSpaceDoNotHave() {
        LabelEncoding e = twoValuesOneClass();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> e.table(ClassSpace.of("car", "bus"), List.of("bus")));
        assertEquals("the test table has no class 'bus'; classes: [car, road]", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.table(ClassSpace.of("car"), List.of("road")));
        assertThrows(IllegalArgumentException.class, () -> e.table(ClassSpace.of("car"), List.of("car", "car")));
        assertArrayEquals(e.table(ClassSpace.of("car"), List.of()), LabelEncodingTest.ignoredEverywhere());
    }

    @Test
    void malformedEncodingsAreRefused() {
        String[] classOf = new String[256];
        boolean[] valid = new boolean[256];
        classOf[2] = "sky";
        assertThrows(IllegalArgumentException.class, () -> LabelEncoding.of("t", classOf, valid, "bad"));
        assertThrows(IllegalArgumentException.class, () -> LabelEncoding.of("t", new String[10], valid, "bad"));
        String[] names = new String[256];
        for (int i = 0; i < names.length; i++) {
            names[i] = "c" + i;
        }
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> LabelEncoding.classIndices("big.txt", ClassSpace.of(List.of(names))));
        assertTrue(tooMany.getMessage().contains("big.txt names 256 classes"), tooMany.getMessage());
    }

    static byte[] ignoredEverywhere() {
        byte[] t = new byte[256];
        java.util.Arrays.fill(t, (byte) 255);
        return t;
    }
}
