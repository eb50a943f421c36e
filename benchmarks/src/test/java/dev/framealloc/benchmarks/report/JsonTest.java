package dev.framealloc.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void parsesNestedValuesInDocumentOrder() {
        Object value = Json.parse(" {\"b\": [1, -2.5e3, true, false, null], \"a\": {\"s\": \"x\\\"y\\\\z\\n\\u00b7\"}} ");
        Map<String, Object> expectedInner = new LinkedHashMap<>();
        expectedInner.put("s", "x\"y\\z\n\u00b7");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1.0, -2500.0, true, false, null));
        expected.put("a", expectedInner);
        assertEquals(expected, value);
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) value).keySet()));
    }

    @Test
    void parsesEmptyContainers() {
        assertEquals(List.of(), Json.parse("[]"));
        assertEquals(Map.of(), Json.parse("{ }"));
    }

    @Test
    void rejectsInvalidJsonWithTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertEquals("invalid JSON at offset=5: expected ':'", e.getMessage());
        assertEquals("invalid JSON at offset=4: trailing characters",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x")).getMessage());
        assertEquals("invalid JSON at offset=1: unexpected end",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("[")).getMessage());
    }

    @Test
    void writesWhatItParses() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "tab\there \"quoted\"");
        doc.put("values", List.of(1.5, 2.0));
        doc.put("empty", Map.of());
        doc.put("nothing", null);
        assertEquals(doc, Json.parse(Json.write(doc)));
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertEquals("[null, null]\n", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY)));
    }
}
