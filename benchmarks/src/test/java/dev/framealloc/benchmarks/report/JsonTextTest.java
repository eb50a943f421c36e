package dev.framealloc.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTextTest {

    private static Object plain(String json) {
        return JsonText.plain(JsonText.parse(json));
    }

    private static String rejection(String json) {
        return assertThrows(IllegalArgumentException.class, () -> JsonText.parse(json)).getMessage();
    }

    @Test
    void readsNestedValuesInDocumentOrderWithEveryNumberADouble() {
        Object value = plain(" {\"b\": [1, -2.5e3, true, false, null], \"a\": {\"s\": \"x\\\"y\\\\z\\n\\u00b7\"}} ");
        Map<String, Object> expectedInner = new LinkedHashMap<>();
        expectedInner.put("s", "x\"y\\z\n\u00b7");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1.0, -2500.0, true, false, null));
        expected.put("a", expectedInner);
        assertEquals(expected, value);
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) value).keySet()));
    }

    @Test
    void readsEmptyContainers() {
        assertEquals(List.of(), plain("[]"));
        assertEquals(Map.of(), plain("{ }"));
    }

    @Test
    void rejectsInvalidJsonWithItsLineAndColumn() {
        assertEquals("invalid JSON at line=1 column=6: Unexpected character ('1' (code 49)):"
                + " was expecting a colon to separate property name and value", rejection("{\"a\" 1}"));
        assertEquals("invalid JSON at line=2 column=2: Unexpected end-of-input: expected close marker for"
                + " Array (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`"
                + " disabled); byte offset: #UNKNOWN])", rejection("[\n "));
    }

    @Test
    void rejectsAnEmptyDocumentAndTrailingContent() {
        assertEquals("invalid JSON: the document is empty", rejection("  "));
        assertEquals("invalid JSON at line=1 column=5: Trailing token (`JsonToken.VALUE_STRING`) found after"
                + " value (bound as `tools.jackson.databind.JsonNode`): not allowed as per"
                + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`", rejection("[1] \"x\""));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "tab\there \"quoted\"");
        doc.put("values", List.of(1.5, 2.0));
        doc.put("empty", Map.of());
        doc.put("nothing", null);
        assertEquals(doc, plain(JsonText.write(doc)));
    }

    @Test
    void writesIndentedJsonEndingInANewline() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("frames", 600.0);
        doc.put("args", List.of("-Xmx1g"));
        assertEquals("{\n  \"frames\" : 600.0,\n  \"args\" : [ \"-Xmx1g\" ]\n}\n", JsonText.write(doc));
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertEquals("[ null, null, 1.0 ]\n", JsonText.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, 1.0)));
    }

    @Test
    void refusesToWriteAnythingButPlainValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonText.write(List.of(new Object())));
        assertEquals("cannot write java.lang.Object as JSON", e.getMessage());
    }
}
