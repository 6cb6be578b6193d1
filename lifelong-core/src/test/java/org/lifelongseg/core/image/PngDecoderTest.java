package org.lifelongseg.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.testing.LargePngs;
import org.lifelongseg.core.testing.SharedTestData;

class PngDecoderTest {

    /** The fast decoder gives ImageIO's pixels on every PNG of the mini set. */
    @Test
    void fastDecoderEqualsImageIo() throws Exception {
        Path root = SharedTestData.require("data/cityscapes-mini");
        List<Path> pngs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".png")).sorted().forEach(pngs::add);
        }
        int rgb = 0;
        int gray = 0;
        for (Path p : pngs) {
            String n = p.getFileName().toString();
            if (n.endsWith("_leftImg8bit.png") || n.endsWith("_color.png")) {
                DecodedImage a = PngDecoder.imageIo().decodeRgb(p);
                DecodedImage b = PngDecoder.fast().decodeRgb(p);
                assertEquals(a.width(), b.width());
                assertArrayEquals(a.pixels(), b.pixels(), n);
                rgb++;
            } else if (n.endsWith("_labelIds.png") || n.endsWith("_labelTrainIds.png")) {
                assertArrayEquals(PngDecoder.imageIo().decodeGray(p).pixels(),
                        PngDecoder.fast().decodeGray(p).pixels(), n);
                gray++;
            }
        }
        assertTrue(rgb >= 10 && gray >= 20, rgb + " rgb, " + gray + " gray");
    }

    @Test
    void otherPngKindsAndDamagedFiles(@TempDir Path dir) throws Exception {
        Random r = new Random(1);
        for (int type : new int[] {BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_BINARY}) {
            BufferedImage img = new BufferedImage(37, 23, type);
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    img.setRGB(x, y, r.nextInt() | 0xFF000000);
                }
            }
            Path f = dir.resolve("t" + type + ".png");
            ImageIO.write(img, "png", f.toFile());
            assertArrayEquals(PngDecoder.imageIo().decodeRgb(f).pixels(),
                    PngDecoder.fast().decodeRgb(f).pixels(), "type " + type);
        }
        Path src = SharedTestData.require(
                "data/cityscapes-mini/gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png");
        byte[] bytes = Files.readAllBytes(src);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        IOException e = assertThrows(IOException.class, () -> PngDecoder.fast().decodeGray(cut));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"),
                e.getMessage());
        Path flipped = dir.resolve("flipped.png");
        byte[] bad = bytes.clone();
        bad[bad.length / 2] ^= 0x5A;
        Files.write(flipped, bad);
        e = assertThrows(IOException.class, () -> PngDecoder.fast().decodeGray(flipped));
        assertTrue(e.getMessage().contains(flipped.toString()), e.getMessage());
        Path text = dir.resolve("text.png");
        Files.writeString(text, "not a png at all, but long enough to have a header.....");
        e = assertThrows(IOException.class, () -> PngDecoder.fast().decodeRgb(text));
        assertTrue(e.getMessage().contains("not a PNG"), e.getMessage());
        Path rgbAsLabels = SharedTestData.require(
                "data/cityscapes-mini/leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png");
        e = assertThrows(IOException.class, () -> PngDecoder.fast().decodeGray(rgbAsLabels));
        assertTrue(e.getMessage().contains("one channel"), e.getMessage());
    }

    /** A valid PNG too large for the arrays is called too large (naming the file), not corrupt. */
    @Test
    void hugeImagesAreTooLargeNotCorrupt(@TempDir Path dir) throws Exception {
        Path bilevel = LargePngs.blackBilevel(dir.resolve("bilevel.png"), 30000, 30000); // ImageIO's path
        Path rgb = LargePngs.headerOnly(dir.resolve("rgb.png"), 30000, 30000, 8, 2); // the fast path
        for (Path f : List.of(bilevel, rgb)) {
            for (PngDecoder d : List.of(PngDecoder.fast(), PngDecoder.imageIo())) {
                IOException e = assertThrows(IOException.class, () -> d.decodeRgb(f));
                assertEquals(f + ": 30000x30000 pixels exceeds the limit of 268435456 pixels", e.getMessage());
                e = assertThrows(IOException.class, () -> d.decodeGray(f));
                assertEquals(f + ": 30000x30000 pixels exceeds the limit of 268435456 pixels", e.getMessage());
            }
        }
    }
}
