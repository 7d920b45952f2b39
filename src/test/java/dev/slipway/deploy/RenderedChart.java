package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The objects {@code helm template} rendered, read into fabric8's typed model. */
record RenderedChart(List<HasMetadata> objects) {
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static RenderedChart parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
            // helm starts each document with a "# Source:" comment; a document of comments only is no object.
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document));
        }
        return new RenderedChart(List.copyOf(objects));
    }

    /** Every object of this type. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The one object of this type; fails if there are none or several. */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertThat(found).as("rendered objects of kind %s", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /**
     * The fields fabric8's model did not know, by path ({@code Deployment.spec.template...}): a misspelt key that
     * the API server would drop or refuse.
     */
    List<String> unknownFields() {
        List<String> unknown = new ArrayList<>();
        objects.forEach(object -> collectUnknown(object, object.getKind(), unknown));
        return unknown;
    }

    private static void collectUnknown(Object node, String path, List<String> unknown) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknown(value, path + "." + key, unknown));
        } else if (node instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + index++ + "]", unknown);
            }
        } else if (node != null && node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            for (Method getter : node.getClass().getMethods()) {
                if (getter.getParameterCount() > 0 || getter.getDeclaringClass() == Object.class
                        || !getter.getName().startsWith("get")) {
                    continue;
                }
                Object value;
                try {
                    value = getter.invoke(node);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot read " + path + " through " + getter, e);
                }
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    collectUnknown(value, path + "." + getter.getName().substring(3), unknown);
                }
            }
        }
    }

    List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).toList();
    }
}
