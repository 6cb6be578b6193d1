package org.lifelongseg.examples.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One order for a pair of sizes in public API: width, then height (as DJL's {@code Image}, AWT and
 * every {@code optInputSize(width, height)} of this library). The test reads every module's
 * sources and fails on any public or protected method, constructor or record whose parameters
 * name a height before the width of the same kind ({@code height, width}; {@code cropHeight,
 * cropWidth}; {@code h, w}).
 */
class SizeOrderTest {

    /** A public or protected declaration with its parameter list (records included). */
    private static final Pattern DECLARATION = Pattern.compile(
            "\\b(?:public|protected)\\s+[^;{}=()]*?\\b\\w+\\s*\\(([^()]*)\\)", Pattern.DOTALL);

    @Test
    void noPublicSignatureTakesHeightBeforeWidth() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (Path source : sources()) {
            files++;
            String text = stripComments(Files.readString(source, StandardCharsets.UTF_8));
            Matcher m = DECLARATION.matcher(text);
            while (m.find()) {
                String problem = heightBeforeWidth(m.group(1));
                if (problem != null) {
                    int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    found.add(source.getFileName() + ":" + line + " (" + problem + ")");
                }
            }
        }
        assertTrue(files > 200, "too few sources read: " + files);
        assertTrue(found.isEmpty(), "public signatures with height before width: " + found);
    }

    @Test
    void theScanFindsEveryShapeOfTheMistake() {
        assertEquals("height, width", heightBeforeWidth("int height, int width"));
        assertEquals("cropHeight, cropWidth", heightBeforeWidth("long n, int cropHeight, int cropWidth"));
        assertEquals("h, w", heightBeforeWidth("byte[] rgb, int h, int w"));
        assertEquals(null, heightBeforeWidth("int width, int height"));
        assertEquals(null, heightBeforeWidth("int labelHeight, int imageWidth")); // different kinds
        Matcher m = DECLARATION.matcher("public record Draw(boolean flip,\n int scaledHeight,\n"
                + " int scaledWidth) {}");
        assertTrue(m.find());
        assertEquals("scaledHeight, scaledWidth", heightBeforeWidth(m.group(1)));
    }

    /** "a, b" if parameter a (…height or h) comes before b (…width or w) of the same prefix. */
    static String heightBeforeWidth(String parameters) {
        List<String> names = new ArrayList<>();
        for (String p : parameters.split(",")) {
            String[] words = p.trim().split("\\s+");
            if (words.length >= 2) {
                names.add(words[words.length - 1]);
            }
        }
        for (int i = 0; i < names.size(); i++) {
            String prefix = kindOf(names.get(i), "height", "h");
            if (prefix == null) {
                continue;
            }
            for (int j = i + 1; j < names.size(); j++) {
                if (prefix.equals(kindOf(names.get(j), "width", "w"))) {
                    return names.get(i) + ", " + names.get(j);
                }
            }
        }
        return null;
    }

    /** The prefix before {@code word} (case-insensitive), or "" for the bare short name; else null. */
    private static String kindOf(String name, String word, String shortName) {
        if (name.equals(shortName)) {
            return "";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(word) ? lower.substring(0, lower.length() - word.length()) : null;
    }

    private static List<Path> sources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> walk = Files.walk(main)) {
                        walk.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
                    }
                }
            }
        }
        return out;
    }

    /** Comments and string literals blanked out, line breaks kept. */
    private static String stripComments(String java) {
        Matcher m = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*|\"(?:[^\"\\\\\\n]|\\\\.)*\"").matcher(java);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group().replaceAll("[^\\n]", " "));
        }
        return m.appendTail(out).toString();
    }
}
