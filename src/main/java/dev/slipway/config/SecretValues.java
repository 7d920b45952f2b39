package dev.slipway.config;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the secret values in a configuration: every text under a key whose name says it is one (a token, a secret,
 * a password, a private key, credentials, an {@code Authorization} header), in any section and any backend's
 * settings, including the entries of maps such as pipeline {@code variables}, a script's {@code env} or a webhook's
 * {@code headers}.
 */
public final class SecretValues {
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(token|secret|password|passwd|private_?key|credential|api_?key|authorization).*");

    private SecretValues() {
    }

    public static Set<String> of(SlipwayConfig config) {
        Set<String> found = new LinkedHashSet<>();
        walk(config, false, found);
        return found;
    }

    private static void walk(Object value, boolean secret, Set<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof CharSequence text) {
            if (secret && !text.toString().isBlank()) {
                found.add(text.toString());
            }
        } else if (value instanceof Map<?, ?> map) {
            // A map's key names a secret only for a value of its own (a variable), not for a whole section such as
            // an environment that happens to be called "tokens".
            map.forEach((key, entry) -> walk(entry,
                    secret || (entry instanceof CharSequence && isSecretName(String.valueOf(key))), found));
        } else if (value instanceof Collection<?> items) {
            items.forEach(item -> walk(item, secret, found));
        } else if (value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                // A section named like a secret (secrets:) is not one as a whole: its own keys say which are.
                Object child = read(component, value);
                boolean section = child != null && child.getClass().isRecord();
                walk(child, secret || (!section && isSecretName(component.getName())), found);
            }
        }
    }

    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
