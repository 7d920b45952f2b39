package dev.slipway.config;

import dev.slipway.secret.SecretBox;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a composed YAML node tree to Java records, strictly: unknown keys, duplicate keys and values of the wrong
 * shape are reported to {@link Diagnostics} with their line and key path, and binding goes on so that one load
 * reports every problem. Supported component types: String, Integer/int, Long/long, Boolean/boolean, Duration,
 * List, Map with String keys (file order kept), nested records, and {@link BackendConfig} whose other keys bind to
 * the settings record registered for its {@code type}. A list of records may be written as one mapping when it
 * holds one record; a component marked {@link YamlKey} is written under that key.
 */
final class RecordBinder {
    /** A value that was present but could not be bound; its error has been reported already. */
    private static final Object FAILED = new Object();
    private static final String TYPE_KEY = "type";

    private final Map<String, Class<?>> backendSettingsTypes;
    private final Map<String, Set<String>> backendChains;
    private final EnvInterpolation interpolation;
    private final Diagnostics diagnostics;
    private final SealedValues sealedValues;

    RecordBinder(Map<String, Class<?>> backendSettingsTypes, Map<String, Set<String>> backendChains,
                 EnvInterpolation interpolation, Diagnostics diagnostics) {
        this(backendSettingsTypes, backendChains, interpolation, diagnostics, SealedValues.KEEP);
    }

    /** @param sealedValues what to bind in place of a value that starts with {@code enc:v1:} */
    RecordBinder(Map<String, Class<?>> backendSettingsTypes, Map<String, Set<String>> backendChains,
                 EnvInterpolation interpolation, Diagnostics diagnostics, SealedValues sealedValues) {
        this.backendSettingsTypes = backendSettingsTypes;
        this.backendChains = backendChains;
        this.interpolation = interpolation;
        this.diagnostics = diagnostics;
        this.sealedValues = sealedValues;
    }

    /** The bound record, or empty when the document itself is not a mapping (already reported). */
    <T extends Record> Optional<T> bindDocument(Node root, Class<T> type) {
        Object value = bind(root, type, "", line(root));
        return value == FAILED ? Optional.empty() : Optional.of(type.cast(value));
    }

    /** One section of the document alone, found at {@code path}: empty when it is null or fails (reported). */
    <T> Optional<T> bindSection(Node node, Class<T> type, String path) {
        Object value = bind(node, type, path, line(node));
        return value == FAILED || value == null ? Optional.empty() : Optional.of(type.cast(value));
    }

    /** The bound value, null for a YAML null, or {@link #FAILED}. {@code line} is where the value's key is. */
    private Object bind(Node node, Type type, String path, int line) {
        // Recursion follows the record types, which are not recursive, so a self-referring alias ends in a type
        // error rather than a loop; merge keys are the exception and guard themselves in flatten.
        Class<?> raw = rawClass(type);
        if (isNull(node)) {
            return null;
        }
        if (raw == BackendConfig.class) {
            return bindBackend(node, path, line);
        }
        if (raw.isRecord()) {
            return bindRecord(node, raw, path, line);
        }
        if (raw == List.class) {
            return bindList(node, typeArgument(type, 0), path);
        }
        if (raw == Map.class) {
            return bindMap(node, typeArgument(type, 1), path);
        }
        return bindScalar(node, raw, path);
    }

    private Object bindRecord(Node node, Class<?> type, String path, int line) {
        if (!(node instanceof MappingNode mapping)) {
            return fail(node, path, "expected a mapping");
        }
        int errorsBefore = diagnostics.count();
        RecordComponent[] components = type.getRecordComponents();
        Map<String, NodeTuple> entries = entries(flatten(mapping, path), path, names(List.of(), components));
        return construct(type, components, entries, path, line, errorsBefore);
    }

    /** {@code type} picks the settings record; every other key of the same mapping belongs to that record. */
    private Object bindBackend(Node node, String path, int line) {
        if (!(node instanceof MappingNode mapping)) {
            return fail(node, path, "expected a mapping");
        }
        int errorsBefore = diagnostics.count();
        List<NodeTuple> tuples = flatten(mapping, path);
        String typePath = KeyPaths.child(path, TYPE_KEY);
        NodeTuple typeEntry = findEntry(tuples, TYPE_KEY);
        if (typeEntry == null) {
            diagnostics.error(line, typePath, "required key is missing");
            return FAILED;
        }
        diagnostics.locate(typePath, line(typeEntry.getKeyNode()));
        Object typeName = bind(typeEntry.getValueNode(), String.class, typePath, line(typeEntry.getKeyNode()));
        if (typeName == null) {
            diagnostics.error(typePath, "must not be empty");
        }
        if (!(typeName instanceof String name)) {
            return FAILED;
        }
        Class<?> settingsType = backendSettingsTypes.get(name);
        if (settingsType == null) {
            diagnostics.error(typePath, "unknown backend type \"" + name + "\" (known types: " + knownTypes() + ")");
            return FAILED;
        }
        List<String> chained = new ArrayList<>(new TreeSet<>(backendChains.getOrDefault(name, Set.of())));
        List<String> extraKeys = new ArrayList<>(List.of(TYPE_KEY));
        extraKeys.addAll(chained);
        RecordComponent[] components = settingsType.getRecordComponents();
        Map<String, NodeTuple> entries = entries(tuples, path, names(extraKeys, components));
        entries.remove(TYPE_KEY);
        Map<String, NodeTuple> chainEntries = new LinkedHashMap<>();
        for (String next : chained) {
            NodeTuple entry = entries.remove(next);
            if (entry != null) {
                chainEntries.put(next, entry);
            }
        }
        Object settings = construct(settingsType, components, entries, path, line, errorsBefore);
        if (chainEntries.size() > 1) {
            diagnostics.error(line, path, "hand runs on to one of " + String.join(", ", chained) + ", not several");
            return FAILED;
        }
        BackendConfig next = null;
        if (!chainEntries.isEmpty()) {
            Map.Entry<String, NodeTuple> entry = chainEntries.entrySet().iterator().next();
            next = bindChained(entry.getKey(), entry.getValue(), KeyPaths.child(path, entry.getKey()));
            if (next == null) {
                return FAILED;
            }
        }
        return settings == FAILED ? FAILED : new BackendConfig(name, settings, next);
    }

    /** The settings under a chained backend's key ({@code circleci:}), bound as that type's; null when they fail. */
    private BackendConfig bindChained(String type, NodeTuple entry, String path) {
        Node node = entry.getValueNode();
        int line = line(entry.getKeyNode());
        if (!(node instanceof MappingNode mapping)) {
            fail(node, path, "expected a mapping");
            return null;
        }
        int errorsBefore = diagnostics.count();
        Class<?> settingsType = backendSettingsTypes.get(type);
        RecordComponent[] components = settingsType.getRecordComponents();
        Map<String, NodeTuple> entries = entries(flatten(mapping, path), path, names(List.of(), components));
        Object settings = construct(settingsType, components, entries, path, line, errorsBefore);
        return settings == FAILED ? null : new BackendConfig(type, settings);
    }

    private Object construct(Class<?> type, RecordComponent[] components, Map<String, NodeTuple> entries,
                             String path, int line, int errorsBefore) {
        Object[] arguments = new Object[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            parameterTypes[i] = component.getType();
            NodeTuple entry = entries.get(keyOf(component));
            Object value = null;
            if (entry != null) {
                String childPath = KeyPaths.child(path, keyOf(component));
                value = bind(entry.getValueNode(), component.getGenericType(), childPath, line(entry.getKeyNode()));
                if (value == FAILED) {
                    diagnostics.markFailed(childPath);
                    value = null;
                }
            }
            arguments[i] = value == null ? primitiveDefault(component.getType()) : value;
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            // A record refusing its values is how settings records declare required keys. When something inside
            // this mapping was already reported, the refusal is most likely a consequence of it: say nothing more.
            if (diagnostics.count() == errorsBefore) {
                diagnostics.error(line, path, refusal(e.getCause()));
            }
            return FAILED;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct config record " + type.getName(), e);
        }
    }

    private static String refusal(Throwable cause) {
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        if (cause instanceof NullPointerException && cause.getMessage() != null) {
            return cause.getMessage() + " is required";
        }
        return "invalid settings: " + cause;
    }

    /**
     * The mapping's entries by key, reporting keys that are not text, repeated, or not in {@code allowed}
     * (null allows any key, as for a {@code Map}).
     */
    private Map<String, NodeTuple> entries(List<NodeTuple> tuples, String path, List<String> allowed) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : tuples) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                diagnostics.error(line(keyNode), path, "expected a text key");
                continue;
            }
            String childPath = KeyPaths.child(path, key.getValue());
            if (entries.containsKey(key.getValue())) {
                diagnostics.error(line(key), childPath,
                        "duplicate key (first at line " + line(entries.get(key.getValue()).getKeyNode()) + ")");
                continue;
            }
            if (allowed != null && !allowed.contains(key.getValue())) {
                diagnostics.error(line(key), childPath,
                        "unknown key (expected one of: " + String.join(", ", allowed) + ")");
                continue;
            }
            diagnostics.locate(childPath, line(key));
            entries.put(key.getValue(), tuple);
        }
        return entries;
    }

    private Object bindList(Node node, Type elementType, String path) {
        if (node instanceof MappingNode && rawClass(elementType).isRecord()) {
            // A list of sections with only one in it may be written as that section (one azure: account).
            Object one = bindElement(node, elementType, path);
            return one == null ? FAILED : List.of(one);
        }
        if (!(node instanceof SequenceNode sequence)) {
            return fail(node, path, "expected a list");
        }
        List<Object> values = new ArrayList<>();
        int index = 0;
        for (Node element : sequence.getValue()) {
            String elementPath = KeyPaths.element(path, index++);
            diagnostics.locate(elementPath, line(element));
            values.add(bindElement(element, elementType, elementPath));
        }
        return Collections.unmodifiableList(values);
    }

    private Object bindMap(Node node, Type valueType, String path) {
        if (!(node instanceof MappingNode mapping)) {
            return fail(node, path, "expected a mapping");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : entries(flatten(mapping, path), path, null).entrySet()) {
            String entryPath = KeyPaths.child(path, entry.getKey());
            values.put(entry.getKey(), bindElement(entry.getValue().getValueNode(), valueType, entryPath));
        }
        return Collections.unmodifiableMap(values);
    }

    /** A list element or map value: unlike a record component, a null here is a mistake, not an absence. */
    private Object bindElement(Node node, Type type, String path) {
        // A failed element is left out as null, never as the FAILED marker: the defaults read every element.
        Object value = isNull(node) ? fail(node, path, expectation(rawClass(type)))
                : bind(node, type, path, diagnostics.lineOf(path));
        if (value == FAILED) {
            diagnostics.markFailed(path);
            return null;
        }
        return value;
    }

    private Object bindScalar(Node node, Class<?> type, String path) {
        String expected = expectation(type);
        if (!(node instanceof ScalarNode scalar)) {
            return fail(node, path, expected);
        }
        int errorsBefore = diagnostics.count();
        String text = interpolation.expand(scalar.getValue(), problem -> diagnostics.error(line(node), path, problem));
        if (diagnostics.count() != errorsBefore) {
            return FAILED;
        }
        if (SecretBox.isSealed(text)) {
            text = sealedValues.open(text, path, problem -> diagnostics.error(line(node), path, problem));
            if (diagnostics.count() != errorsBefore) {
                return FAILED;
            }
        }
        Optional<Object> value = convert(text, type);
        return value.isPresent() ? value.get() : fail(node, path, expected);
    }

    private static Optional<Object> convert(String text, Class<?> type) {
        try {
            if (type == String.class) {
                return Optional.of(text);
            }
            if (type == Integer.class || type == int.class) {
                return Optional.of(Integer.parseInt(text.trim()));
            }
            if (type == Long.class || type == long.class) {
                return Optional.of(Long.parseLong(text.trim()));
            }
            if (type == Boolean.class || type == boolean.class) {
                String trimmed = text.trim();
                return trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")
                        ? Optional.of(Boolean.parseBoolean(trimmed)) : Optional.empty();
            }
            return Durations.parse(text).map(Object.class::cast);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** What a value of {@code type} should look like, in the words of an error message. */
    private static String expectation(Class<?> type) {
        if (type == String.class) {
            return "expected text";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "expected a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "expected a boolean (true or false)";
        }
        if (type == Duration.class) {
            return Durations.EXPECTED;
        }
        if (type == List.class) {
            return "expected a list";
        }
        if (type == Map.class || type.isRecord()) {
            return "expected a mapping";
        }
        throw new IllegalStateException("config records cannot use " + type.getName());
    }

    private Object fail(Node node, String path, String message) {
        diagnostics.error(line(node), path, message);
        return FAILED;
    }

    private String knownTypes() {
        return backendSettingsTypes.isEmpty()
                ? "none" : String.join(", ", new TreeSet<>(backendSettingsTypes.keySet()));
    }

    /**
     * The mapping's entries with YAML merge keys ({@code <<: *shared}) expanded where they stand, as SnakeYAML only
     * merges when constructing objects, which this binder does not use. A key written in the mapping itself wins
     * over a merged one, and an earlier merged mapping over a later one.
     */
    private List<NodeTuple> flatten(MappingNode mapping, String path) {
        return flatten(mapping, path, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private List<NodeTuple> flatten(MappingNode mapping, String path, Set<Node> merging) {
        merging.add(mapping);
        Set<String> ownKeys = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!isMerge(tuple) && tuple.getKeyNode() instanceof ScalarNode key) {
                ownKeys.add(key.getValue());
            }
        }
        Set<String> mergedKeys = new HashSet<>();
        List<NodeTuple> tuples = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!isMerge(tuple)) {
                tuples.add(tuple);
                continue;
            }
            Node value = tuple.getValueNode();
            List<Node> sources = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
            for (Node source : sources) {
                if (!(source instanceof MappingNode merged)) {
                    diagnostics.error(line(source), KeyPaths.child(path, "<<"), "expected a mapping to merge");
                    continue;
                }
                if (merging.contains(merged)) {
                    diagnostics.error(line(source), KeyPaths.child(path, "<<"), "a mapping cannot merge itself");
                    continue;
                }
                for (NodeTuple mergedTuple : flatten(merged, path, merging)) {
                    if (mergedTuple.getKeyNode() instanceof ScalarNode key
                            && (ownKeys.contains(key.getValue()) || !mergedKeys.add(key.getValue()))) {
                        continue;
                    }
                    tuples.add(mergedTuple);
                }
            }
        }
        merging.remove(mapping);
        return tuples;
    }

    private static boolean isMerge(NodeTuple tuple) {
        return Tag.MERGE.equals(tuple.getKeyNode().getTag());
    }

    private static NodeTuple findEntry(List<NodeTuple> tuples, String key) {
        for (NodeTuple tuple : tuples) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return tuple;
            }
        }
        return null;
    }

    private static List<String> names(List<String> first, RecordComponent[] components) {
        List<String> names = new ArrayList<>(first);
        for (RecordComponent component : components) {
            names.add(keyOf(component));
        }
        return names;
    }

    private static String keyOf(RecordComponent component) {
        YamlKey key = component.getAnnotation(YamlKey.class);
        return key != null ? key.value() : component.getName();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static Object primitiveDefault(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("config records cannot use " + type);
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("config records must give List and Map their type arguments");
    }
}
