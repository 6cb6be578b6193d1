package org.lifelongseg.core.report.svg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartsTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void escapeCoversMarkupCharactersAndDropsControlCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Svg.escape("<a href=\"x\">&'"));
        assertEquals("ab", Svg.escape("a\u0001b"));
        assertEquals("∪ é", Svg.escape("∪ é"));
    }

    @Test
    void numbersHaveNoExponentAndAtMostTwoDecimals() {
        assertEquals("0", Svg.num(-0.0001));
        assertEquals("12.35", Svg.num(12.3456));
        assertEquals("100", Svg.num(100.0));
        assertEquals("0", Svg.num(1e-9));
        assertThrows(IllegalArgumentException.class, () -> Svg.num(Double.NaN));
    }

    @Test
    void niceTicks() {
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), Axis.ticks(0, 0.93, 5));
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), Axis.ticks(0, 100, 5));
        assertEquals(List.of(0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0), Axis.ticks(1, 30, 8));
        assertEquals("0.4", Axis.label(0.4, Axis.ticks(0, 0.93, 5)));
        assertEquals("40", Axis.label(40, Axis.ticks(0, 100, 5)));
    }

    @Test
    void barChartDrawsOneRectPerFiniteValueWithEscapedLabels() throws Exception {
        String svg = BarChart.builder()
                .setCategories(List.of("road", "<sky>"))
                .addSeries("a&b", "#0072B2", new double[] {50, Double.NaN})
                .addSeries("c", "#D55E00", new double[] {25, 75})
                .optCategoryColors(List.of("#111111", "#222222"))
                .optCategoryBands(List.of("Task 1", "Task 2"))
                .optCategoryLegend(Map.of("Task 1", "#111111"))
                .setYLabel("IoU (%)")
                .optYMax(100)
                .build().render();
        Document doc = parse(Svg.standalone(svg));
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        assertFalse(svg.contains("xmlns"), "inline markup has no namespace URI");
        NodeList rects = doc.getElementsByTagName("rect");
        int bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getElementsByTagName("title").getLength() == 1) {
                bars++;
                String t = r.getElementsByTagName("title").item(0).getTextContent();
                if (t.startsWith("c · <sky>")) {
                    assertEquals("75.0", t.substring(t.indexOf(": ") + 2));
                    // 75 of 100 → 3/4 of the plot height
                    double h = Double.parseDouble(r.getAttribute("height"));
                    assertTrue(h > 0, "bar has a height");
                }
            }
        }
        assertEquals(3, bars, "NaN draws no bar");
        assertTrue(svg.contains("&lt;sky&gt;") && svg.contains("a&amp;b"));
    }

    @Test
    void lineChartBreaksAtNaN() throws Exception {
        String svg = LineChart.builder()
                .setXLabel("epoch").setYLabel("loss")
                .addSeries("s", "#000000", new double[] {1, 2, 3, 4, 5, 6}, new double[] {1, 0.8, Double.NaN, 0.7, 0.6, 0.5})
                .addMarker(3.5, "step 2")
                .build().render();
        Document doc = parse(svg);
        NodeList lines = doc.getElementsByTagName("polyline");
        assertEquals(2, lines.getLength());
        assertEquals(2, ((Element) lines.item(0)).getAttribute("points").split(" ").length);
        assertEquals(3, ((Element) lines.item(1)).getAttribute("points").split(" ").length);
        assertTrue(svg.contains(">step 2</text>") && svg.contains(">epoch</text>"));
    }

    @Test
    void heatmapWritesValuesAndMarksNaN() throws Exception {
        String svg = Heatmap.builder()
                .setValues(new double[][] {{0.02, Double.NaN}, {0.9, 0.61}})
                .setRowLabels(List.of("untrained", "step 1"))
                .setColumnLabels(List.of("Task 1", "Task 2"))
                .build().render();
        parse(svg);
        assertTrue(svg.contains(">90.0</text>") && svg.contains(">61.0</text>") && svg.contains(">–</text>"));
        assertTrue(svg.contains("not evaluated"));
        assertThrows(IllegalStateException.class, () -> Heatmap.builder()
                .setValues(new double[][] {{1}})
                .setRowLabels(List.of("a", "b"))
                .setColumnLabels(List.of("x"))
                .build());
    }

    @Test
    void sequentialPaletteIsMonotoneInLightness() {
        double previous = Double.MAX_VALUE;
        for (int i = 0; i <= 10; i++) {
            String c = Palette.sequential(i / 10.0);
            int rgb = Integer.parseInt(c.substring(1), 16);
            double lum = 0.2126 * (rgb >> 16 & 255) + 0.7152 * (rgb >> 8 & 255) + 0.0722 * (rgb & 255);
            assertTrue(lum < previous, "darker with higher values at " + i);
            previous = lum;
        }
        assertEquals("#ffffff", Palette.textOn(1.0));
        assertEquals("#1a1a1a", Palette.textOn(0.0));
    }
}
