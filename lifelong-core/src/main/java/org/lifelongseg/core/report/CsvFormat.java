package org.lifelongseg.core.report;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 quoting and parsing (comma separator, double-quote quoting, CRLF or LF lines). */
final class CsvFormat {

    private CsvFormat() {}

    /** A field, quoted if it holds a comma, quote, CR or LF (or leading/trailing space). */
    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                || (!s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' '))) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** One line of quoted fields (no line terminator). */
    static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(fields.get(i)));
        }
        return sb.toString();
    }

    /**
     * Parses CSV text into records of fields. Blank lines are skipped.
     *
     * @param source names the text in error messages
     * @throws IllegalArgumentException on an unterminated quote or a stray quote inside a field
     */
    static List<List<String>> parse(String text, String source) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int line = 1;
        int i = 0;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1; // byte-order mark
        }
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || fieldWasQuoted) {
                    throw new IllegalArgumentException(
                            source + ": line " + line + ": stray quote inside an unquoted field");
                }
                quoted = true;
                fieldWasQuoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
                if (!(record.size() == 1 && record.get(0).isEmpty())) {
                    records.add(record);
                }
                record = new ArrayList<>();
                line++;
            } else {
                if (fieldWasQuoted) {
                    throw new IllegalArgumentException(
                            source + ": line " + line + ": text after a closing quote");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + ": unterminated quoted field at the end");
        }
        if (field.length() > 0 || fieldWasQuoted || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
