package dev.slipway.config;

import dev.slipway.domain.RefKind;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads slipway.yaml strictly and reports every problem at once.
 *
 * <p>Scalar values may hold {@code ${VAR}} and {@code ${VAR:-default}}, read through the {@code environment}
 * function; {@code $${} writes a literal {@code ${}. Keys that are not components of the target record, values of
 * the wrong shape, missing environment variables and failed semantic checks are each a {@link ConfigError} with
 * the file, line and key path. Under {@code backend:}, {@code type} picks the settings record from
 * {@code backendSettingsTypes} and every other key is bound to it; a settings record's constructor may throw
 * {@link IllegalArgumentException} to refuse its values, and its message is reported at the {@code backend:} line.
 *
 * <p>A text value that starts with {@code enc:v1:} (after interpolation) is a sealed secret
 * ({@code slipway secrets encrypt}), opened here with the master key the {@code secrets:} section names; the key is
 * looked for only when the file has such a value, and a value that does not open is a {@link ConfigError} at its
 * line.
 *
 * <p>Defaults for what the file leaves out: {@code server.port} 3000; {@code database.url}
 * {@code jdbc:sqlite:slipway.db}, {@code database.maxPoolSize} 10; {@code jobs.workers} 4, {@code maxAttempts} 8,
 * {@code initialBackoff} 2s, {@code maxBackoff} 5m, {@code lease} 60s, {@code pollInterval} 200ms;
 * {@code dataDir} {@code .slipway}; absent lists are empty. A loaded configuration has no null section or list.
 */
public final class ConfigLoader {
    static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

    private final Map<String, Class<?>> backendSettingsTypes;
    private final Map<String, RefKind> backendRefKinds;
    private final Map<String, java.util.Set<String>> backendChains;
    private final Function<String, String> environment;

    /**
     * A loader for backend types that all deploy git refs.
     *
     * @param backendSettingsTypes the settings record of each backend type, by type name
     * @param environment          looks up environment variables; null for an unset one ({@code System::getenv})
     */
    public ConfigLoader(Map<String, Class<?>> backendSettingsTypes, Function<String, String> environment) {
        this(backendSettingsTypes, Map.of(), environment);
    }

    /**
     * @param backendSettingsTypes the settings record of each backend type, by type name
     * @param backendRefKinds      the grammar of the refs each backend type deploys, by type name; a type missing
     *                             here deploys git refs
     * @param environment          looks up environment variables; null for an unset one ({@code System::getenv})
     */
    public ConfigLoader(Map<String, Class<?>> backendSettingsTypes, Map<String, RefKind> backendRefKinds,
                        Function<String, String> environment) {
        this(backendSettingsTypes, backendRefKinds, Map.of(), environment);
    }

    /**
     * @param backendChains for each backend type that hands its runs on to others, their type names; each is
     *                      configured under a key of its name inside the first one's {@code backend:}
     */
    public ConfigLoader(Map<String, Class<?>> backendSettingsTypes, Map<String, RefKind> backendRefKinds,
                        Map<String, java.util.Set<String>> backendChains, Function<String, String> environment) {
        this.backendSettingsTypes = new LinkedHashMap<>(backendSettingsTypes);
        this.backendRefKinds = Map.copyOf(backendRefKinds);
        this.backendChains = Map.copyOf(backendChains);
        this.environment = environment;
        this.backendSettingsTypes.forEach((type, settings) -> {
            if (!settings.isRecord()) {
                throw new IllegalArgumentException(
                        "settings of backend type " + type + " must be a record: " + settings);
            }
        });
    }

    /**
     * The configuration in {@code file}, with defaults filled in.
     *
     * @throws ConfigException with every problem found, ordered by line, if there is any
     */
    public SlipwayConfig load(Path file) throws ConfigException {
        Diagnostics diagnostics = new Diagnostics(file);
        Optional<SlipwayConfig> config = parse(file, diagnostics)
                .flatMap(root -> {
                    try (ConfigSecrets secrets = new ConfigSecrets(root, file, backendSettingsTypes, environment)) {
                        return binder(diagnostics, secrets).bindDocument(root, SlipwayConfig.class);
                    }
                })
                .map(ConfigDefaults::apply);
        config.ifPresent(c -> new ConfigValidator(diagnostics, backendRefKinds).validate(c));
        if (diagnostics.count() > 0) {
            throw new ConfigException(diagnostics.errors());
        }
        return config.orElseThrow();
    }

    /**
     * The {@code enc:} values of {@code file} as written (after {@code ${ENV}} interpolation), by key path in file
     * order, without opening them: what {@code slipway secrets rotate} re-wraps. The rest of the file is not checked.
     *
     * @throws ConfigException when the file cannot be read or parsed
     */
    public Map<String, String> sealedValues(Path file) throws ConfigException {
        Diagnostics diagnostics = new Diagnostics(file);
        Map<String, String> found = new LinkedHashMap<>();
        Optional<Node> root = parse(file, diagnostics);
        if (root.isEmpty()) {
            throw new ConfigException(diagnostics.errors());
        }
        binder(new Diagnostics(file), (sealed, path, problems) -> {
            found.put(path, sealed);
            return sealed;
        }).bindDocument(root.get(), SlipwayConfig.class);
        return found;
    }

    /**
     * The key provider the {@code secrets:} section of {@code file} names, with {@code dataDir} from the file too;
     * a file that does not exist gives the defaults. Only those two keys are read. A local key found nowhere is
     * made, as on a first start.
     *
     * @throws ConfigException when the file cannot be parsed or those keys are wrong
     */
    public dev.slipway.secret.KeyProvider keyProvider(Path file) throws ConfigException {
        SecretsConfig secrets = null;
        String dataDir = null;
        if (java.nio.file.Files.exists(file)) {
            Diagnostics diagnostics = new Diagnostics(file);
            Optional<Node> root = parse(file, diagnostics);
            if (root.isPresent() && root.get() instanceof org.yaml.snakeyaml.nodes.MappingNode mapping) {
                RecordBinder binder = binder(diagnostics, SealedValues.KEEP);
                for (org.yaml.snakeyaml.nodes.NodeTuple tuple : mapping.getValue()) {
                    String key = tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar
                            ? scalar.getValue() : "";
                    if (key.equals(ConfigSecrets.SECTION)) {
                        secrets = binder.bindSection(tuple.getValueNode(), SecretsConfig.class, key).orElse(null);
                    } else if (key.equals("dataDir")) {
                        dataDir = binder.bindSection(tuple.getValueNode(), String.class, key).orElse(null);
                    }
                }
            }
            SecretsConfig filled = ConfigDefaults.secrets(secrets);
            new ConfigValidator(diagnostics, backendRefKinds).secretsOnly(filled);
            if (diagnostics.count() > 0) {
                throw new ConfigException(diagnostics.errors());
            }
        }
        return KeyProviders.open(secrets, environment, Path.of(dataDir == null ? ConfigDefaults.DATA_DIR : dataDir));
    }

    private RecordBinder binder(Diagnostics diagnostics, SealedValues sealedValues) {
        return new RecordBinder(backendSettingsTypes, backendChains, new EnvInterpolation(environment), diagnostics,
                sealedValues);
    }

    private static Optional<Node> parse(Path file, Diagnostics diagnostics) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            diagnostics.error(0, "", "file not found");
            return Optional.empty();
        } catch (MalformedInputException e) {
            diagnostics.error(0, "", "the file is not valid UTF-8");
            return Optional.empty();
        } catch (IOException e) {
            diagnostics.error(0, "", "cannot read the file: " + e);
            return Optional.empty();
        }
        try {
            Node root = new Yaml(loaderOptions()).compose(new StringReader(text));
            if (root == null) {
                diagnostics.error(1, "", "the file is empty");
            }
            return Optional.ofNullable(root);
        } catch (MarkedYAMLException e) {
            diagnostics.error(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, "",
                    syntaxError(e, text));
        } catch (YAMLException e) {
            diagnostics.error(0, "", "invalid YAML: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String syntaxError(MarkedYAMLException e, String text) {
        StringBuilder message = new StringBuilder("invalid YAML: ").append(e.getProblem());
        Mark mark = e.getProblemMark();
        if (mark == null) {
            return message.toString();
        }
        message.append(" (column ").append(mark.getColumn() + 1).append(')');
        // YAML ends a plain value at '{' inside { } and [ ], so an unquoted ${VAR} there breaks the whole
        // file with an error that does not mention it; point at the fix.
        String line = text.lines().skip(mark.getLine()).findFirst().orElse("");
        String context = e.getContext() == null ? "" : e.getContext();
        if (context.contains("flow") && line.contains("${")) {
            message.append("; inside { } or [ ], put values that use ${...} in quotes");
        }
        return message.toString();
    }

    /**
     * SnakeYAML's defaults, but for the size limit: a file with tens of thousands of environments is larger than
     * its 3 MiB default. The limit on aliases, which guards against exponential expansion, stays.
     */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }
}
