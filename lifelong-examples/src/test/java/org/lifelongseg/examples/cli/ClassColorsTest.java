package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.folder.FolderFixtures;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.infer.ColorMap;

/**
 * The one colour rule of colour maps and reports: the dataset's (or checkpoint's) colours by name,
 * else the Cityscapes palette for Cityscapes classes, else distinct hues.
 */
class ClassColorsTest {

    @TempDir Path root;

    @Test
    void aFolderDatasetsColoursFollowTheClassesByNameInAnyOrder() throws Exception {
        FolderFixtures.classes(root, "grass 0 200 0", "sky 100 150 255", "road 128 64 128");
        FolderFixtures.sample(root, "train", "t0", 8, 8, FolderFixtures.stripes(8, 0));
        FolderTaskData data = FolderTaskData.builder().setRoot(root).build();
        // the model's channels in task order, not the order of classes.txt
        ColorMap map = CliValues.colors(List.of("road", "grass", "sky"), data.classColors());
        assertEquals(0x804080, map.colorOf(0));
        assertEquals(0x00C800, map.colorOf(1));
        assertEquals(0x6496FF, map.colorOf(2));
        assertEquals(0, map.colorOf(255), "void stays black");
    }

    @Test
    void withoutColoursTheDistinctHuesOfEveryOtherDataset() throws Exception {
        FolderFixtures.classes(root, "grass", "sky");
        FolderFixtures.sample(root, "train", "t0", 8, 8, FolderFixtures.stripes(8, 0));
        FolderTaskData data = FolderTaskData.builder().setRoot(root).build();
        assertEquals(ColorMap.distinct(2).toString(),
                CliValues.colors(List.of("sky", "grass"), data.classColors()).toString());
    }

    @Test
    void coloursThatMissAClassAreNotUsedAndCityscapesClassesKeepTheirPalette() {
        // a model whose channels are not all coloured (e.g. --class-order chosen by hand): the
        // rule for no colours, never a class without one
        assertEquals(ColorMap.distinct(2).toString(),
                CliValues.colors(List.of("disc", "ring"), Map.of("disc", 0xFF0000)).toString());
        ColorMap cityscapes = CliValues.colors(List.of("road", "sky"), Map.of());
        assertEquals(0x804080, cityscapes.colorOf(0));
        assertEquals(0x804080, CliValues.colors(List.of("road", "sky"), Map.of("road", 0x804080, "sky", 0x4682B4))
                .colorOf(0));
        assertEquals(0x010203, CliValues.colors(List.of("road", "sky"), Map.of("road", 0x010203, "sky", 0x040506))
                .colorOf(0), "given colours come first, even for Cityscapes names");
    }
}
