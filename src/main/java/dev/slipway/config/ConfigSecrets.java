package dev.slipway.config;

import dev.slipway.secret.KeyProvider;
import dev.slipway.secret.SealContext;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Opens the {@code enc:} values of one file with the key its {@code secrets:} section names. The key is looked for
 * only when the first such value is met, so a file without them needs none; it is never made here (a new key could
 * not open values sealed before), and the {@code secrets:} section itself may not hold sealed values.
 */
final class ConfigSecrets implements SealedValues, AutoCloseable {
    static final String SECTION = "secrets";

    private final Node root;
    private final Path file;
    private final Map<String, Class<?>> backendSettingsTypes;
    private final Function<String, String> environment;
    private SecretBox box;
    private String unavailable;

    ConfigSecrets(Node root, Path file, Map<String, Class<?>> backendSettingsTypes,
                  Function<String, String> environment) {
        this.root = root;
        this.file = file;
        this.backendSettingsTypes = backendSettingsTypes;
        this.environment = environment;
    }

    @Override
    public String open(String sealed, String path, Consumer<String> problems) {
        if (path.equals(SECTION) || path.startsWith(SECTION + ".")) {
            problems.accept("cannot be an enc: value: the secrets: section says how to open them");
            return sealed;
        }
        Optional<SecretBox> opened = box();
        if (opened.isEmpty()) {
            problems.accept("cannot decrypt: " + unavailable);
            return sealed;
        }
        try {
            return opened.get().open(sealed, SealContext.CONFIG);
        } catch (SecretException e) {
            problems.accept("cannot decrypt: " + e.reason());
            return sealed;
        }
    }

    /** Lets go of the provider's connections (a KMS client), if one was made. */
    @Override
    public void close() {
        if (box != null && box.provider() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Only a client's connections: nothing was written, and the load's outcome stands.
            }
        }
    }

    private Optional<SecretBox> box() {
        if (box == null && unavailable == null) {
            try {
                box = new SecretBox(provider());
            } catch (SecretException e) {
                unavailable = e.getMessage();
            }
        }
        return Optional.ofNullable(box);
    }

    private KeyProvider provider() {
        Diagnostics scratch = new Diagnostics(file);
        RecordBinder binder = new RecordBinder(backendSettingsTypes, Map.of(), new EnvInterpolation(environment),
                scratch, SealedValues.KEEP);
        Node section = child(SECTION);
        SecretsConfig secrets = null;
        if (section != null) {
            secrets = binder.bindSection(section, SecretsConfig.class, SECTION).orElse(null);
            if (scratch.count() > 0) {
                throw new SecretException("the secrets: section has errors (see them there)");
            }
        }
        Node dataDirNode = child("dataDir");
        String dataDir = dataDirNode == null ? null
                : binder.bindSection(dataDirNode, String.class, "dataDir").orElse(null);
        return KeyProviders.openExisting(secrets, environment,
                Path.of(dataDir == null || scratch.count() > 0 ? ConfigDefaults.DATA_DIR : dataDir));
    }

    private Node child(String key) {
        if (root instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }
}
