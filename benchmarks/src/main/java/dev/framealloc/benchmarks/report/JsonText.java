package dev.framealloc.benchmarks.report;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' JSON, through Jackson: parses JMH's {@code -rf json} output and the frame-loop results into
 * Jackson trees, turns a tree into plain Java values, and writes the frame-loop results.
 * <p>
 * Plain values: objects become {@code Map<String, Object>} in document order, arrays {@code List<Object>}, every
 * number a {@code Double}, and strings, booleans and {@code null} themselves.
 */
public final class JsonText {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private JsonText() {}

    /**
     * Parses one JSON document.
     *
     * @param text the document
     * @return its root node, never a missing node
     * @throws IllegalArgumentException if {@code text} is empty or not valid JSON, or has more after the first value;
     *                                  the message gives the line and column
     */
    public static JsonNode parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line=" + at.getLineNr() + " column=" + at.getColumnNr();
            throw new IllegalArgumentException("invalid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("invalid JSON: the document is empty");
        }
        return root;
    }

    /**
     * {@code node} as plain Java values (see the class comment).
     *
     * @throws IllegalArgumentException for a binary or POJO node, which parsing text never produces
     */
    public static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), plain(e.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(plain(element));
                }
                yield list;
            }
            case NUMBER -> node.doubleValue();
            case STRING -> node.stringValue();
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            case BINARY, POJO -> throw new IllegalArgumentException("not a plain JSON value: " + node.getNodeType());
        };
    }

    /**
     * Writes plain values (maps, lists, strings, numbers, booleans, null) as indented JSON ending in a newline.
     * NaN and infinite numbers, which JSON cannot hold, are written as {@code null}.
     *
     * @throws IllegalArgumentException if {@code value} holds anything else
     */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(finite(value)) + "\n";
    }

    private static Object finite(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        if (value instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? null : f;
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(String.valueOf(e.getKey()), finite(e.getValue()));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(finite(element));
            }
            return copy;
        }
        throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
    }
}
