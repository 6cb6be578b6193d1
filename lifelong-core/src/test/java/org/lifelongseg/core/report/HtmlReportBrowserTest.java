package org.lifelongseg.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders report.html in headless Chromium and checks the screenshot is a real page (skipped when
 * /usr/bin/chromium is absent). The report and the screenshot stay in
 * {@code target/report-browser-test/} for a person to look at.
 */
class HtmlReportBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir Path tmp;

    @Test
    void screenshotIsNotBlank() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "headless browser test skipped: " + CHROMIUM + " not found (apt-get install chromium)");
        Path out = Path.of("target", "report-browser-test").toAbsolutePath();
        Files.createDirectories(out);
        Path report = out.resolve("report.html");
        HtmlReport.builder().build().write(ReportFixtures.run(), report);
        Path png = out.resolve("report.png");
        Files.deleteIfExists(png);

        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + tmp.resolve("profile"),
                "--screenshot=" + png, "--window-size=1280,2000", report.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s; log: "
                    + Files.readString(tmp.resolve("chromium.log")));
        }
        assertTrue(Files.exists(png), "no screenshot; chromium exit " + p.exitValue() + ", log: "
                + Files.readString(tmp.resolve("chromium.log")));

        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "screenshot is not a PNG");
        assertEquals(1280, img.getWidth());
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int r = rgb >> 16 & 255;
                int g = rgb >> 8 & 255;
                int b = rgb & 255;
                if (r < 235 || g < 235 || b < 235) {
                    nonWhite++;
                }
            }
        }
        long sampled = (long) (img.getWidth() / 2) * (img.getHeight() / 2);
        assertTrue(colours.size() > 500, "only " + colours.size() + " distinct colours");
        assertTrue(nonWhite > sampled / 20, "only " + nonWhite + " of " + sampled + " sampled pixels are not white");
    }
}
