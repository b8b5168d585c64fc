package io.storecast.contracts;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a new version of a schema can still read every payload the old one allowed, and
 * whether consumers of the old one still find what they relied on. Breaking: a property removed, a
 * type or enum narrowed, a new required property, a tighter pattern, bound or length.
 */
final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    static List<String> breakingChanges(JsonNode older, JsonNode newer) {
        List<String> out = new ArrayList<>();
        compare("$", older, newer, out);
        return out;
    }

    private static void compare(String path, JsonNode o, JsonNode n, List<String> out) {
        if (o == null || n == null || !o.isObject() || !n.isObject()) {
            return;
        }
        Set<String> oTypes = types(o);
        Set<String> nTypes = types(n);
        if (!oTypes.isEmpty() && !nTypes.containsAll(oTypes)) {
            out.add(path + ": type narrowed from " + oTypes + " to " + nTypes);
        }
        if (o.has("enum")) {
            Set<String> oe = texts(o.get("enum"));
            Set<String> ne = n.has("enum") ? texts(n.get("enum")) : null;
            if (ne != null && !ne.containsAll(oe)) {
                out.add(path + ": enum narrowed from " + oe + " to " + ne);
            }
        } else if (n.has("enum")) {
            out.add(path + ": enum added");
        }
        Set<String> oReq = texts(o.get("required"));
        Set<String> nReq = texts(n.get("required"));
        for (String r : nReq) {
            if (!oReq.contains(r)) {
                out.add(path + "." + r + ": new required property");
            }
        }
        changed(path, "pattern", o, n, out);
        changed(path, "format", o, n, out);
        changed(path, "const", o, n, out);
        for (String combinator : new String[]{"oneOf", "anyOf", "allOf"}) {
            changed(path, combinator, o, n, out);
        }
        tighter(path, "minimum", o, n, out, true);
        tighter(path, "exclusiveMinimum", o, n, out, true);
        tighter(path, "minLength", o, n, out, true);
        tighter(path, "minItems", o, n, out, true);
        tighter(path, "minProperties", o, n, out, true);
        tighter(path, "maximum", o, n, out, false);
        tighter(path, "exclusiveMaximum", o, n, out, false);
        tighter(path, "maxLength", o, n, out, false);
        tighter(path, "maxItems", o, n, out, false);
        if (o.path("additionalProperties").isBoolean() || n.path("additionalProperties").isBoolean()) {
            if (o.path("additionalProperties").asBoolean(true) && !n.path("additionalProperties").asBoolean(true)) {
                out.add(path + ": additionalProperties closed");
            }
        }
        JsonNode oProps = o.get("properties");
        JsonNode nProps = n.get("properties");
        if (oProps != null) {
            for (String name : oProps.propertyNames()) {
                if (nProps == null || !nProps.has(name)) {
                    out.add(path + "." + name + ": property removed");
                } else {
                    compare(path + "." + name, oProps.get(name), nProps.get(name), out);
                }
            }
        }
        compare(path + "[]", o.get("items"), n.get("items"), out);
        compare(path + "{}", o.get("additionalProperties"), n.get("additionalProperties"), out);
    }

    private static void changed(String path, String key, JsonNode o, JsonNode n, List<String> out) {
        if (n.has(key) && (!o.has(key) || !o.get(key).equals(n.get(key)))) {
            out.add(path + ": " + key + " changed to " + n.get(key));
        }
    }

    private static void tighter(String path, String key, JsonNode o, JsonNode n, List<String> out, boolean lower) {
        if (!n.has(key)) {
            return;
        }
        if (!o.has(key)) {
            out.add(path + ": " + key + " added");
            return;
        }
        long ov = o.get(key).asLong();
        long nv = n.get(key).asLong();
        if (lower ? nv > ov : nv < ov) {
            out.add(path + ": " + key + " tightened from " + ov + " to " + nv);
        }
    }

    private static Set<String> types(JsonNode node) {
        JsonNode t = node.get("type");
        return t == null ? Set.of() : texts(t);
    }

    private static Set<String> texts(JsonNode node) {
        Set<String> s = new HashSet<>();
        if (node == null) {
            return s;
        }
        if (node.isArray()) {
            node.forEach(x -> s.add(x.isNull() ? "null" : x.asString()));
        } else {
            s.add(node.asString());
        }
        return s;
    }
}
