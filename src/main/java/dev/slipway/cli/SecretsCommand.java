package dev.slipway.cli;

import dev.slipway.Slipway;
import dev.slipway.config.ConfigError;
import dev.slipway.config.ConfigException;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.KeyProviders;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.secret.KeyProvider;
import dev.slipway.secret.LocalKeyProvider;
import dev.slipway.secret.SealContext;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code slipway secrets}: seal a value for the configuration file, and move every secret to a new master key. */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "Encrypt values for the configuration file, and rotate the master key.",
        subcommands = {SecretsCommand.Encrypt.class, SecretsCommand.Rotate.class})
final class SecretsCommand implements Runnable {
    static final String NEW_MASTER_KEY_VARIABLE = "SLIPWAY_NEW_MASTER_KEY";

    private final InputStream in;
    private final Function<String, String> environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    SecretsCommand() {
        this(System.in, System::getenv);
    }

    SecretsCommand(InputStream in, Function<String, String> environment) {
        this.in = in;
        this.environment = environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to do: encrypt or rotate.");
    }

    private ConfigLoader loader() {
        return new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(), Slipway.backendChains(),
                environment);
    }

    private static int report(ConfigException e, Path file, PrintWriter err) {
        for (ConfigError error : e.errors()) {
            err.println(error);
        }
        err.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors") + " in " + file);
        err.flush();
        return 1;
    }

    private static int report(SecretException e, PrintWriter err) {
        err.println("slipway: " + e.getMessage());
        err.flush();
        return 1;
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = {"Read one value from standard input and print it encrypted (enc:v1:...) for the"
                    + " configuration file, under the master key its secrets: section names.",
                    "A missing configuration file means the default: SLIPWAY_MASTER_KEY, else .slipway/master.key"
                            + " (made if missing). The value is never taken as an argument, so it stays out of"
                            + " shell history."})
    static final class Encrypt implements Callable<Integer> {
        @ParentCommand
        SecretsCommand secrets;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() throws IOException {
            Path file = configOption.file;
            PrintWriter err = spec.commandLine().getErr();
            String value = new String(secrets.in.readAllBytes(), StandardCharsets.UTF_8);
            if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1));
            }
            if (value.isEmpty()) {
                err.println("slipway: nothing to encrypt: give the value on standard input,"
                        + " like: printf %s \"$TOKEN\" | slipway secrets encrypt");
                err.flush();
                return 1;
            }
            try {
                KeyProvider key = secrets.loader().keyProvider(file);
                spec.commandLine().getOut().println(new SecretBox(key).seal(value, SealContext.CONFIG));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (ConfigException e) {
                return report(e, file, err);
            } catch (SecretException e) {
                return report(e, err);
            }
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Move every secret to a new local master key: the database's, in one transaction, and"
                    + " the configuration file's enc: values, printed re-encrypted to paste in. Values are never"
                    + " decrypted to do it. Stop Slipway first; then restart it with the new key.",
                    "The new key comes from --new-key-file or " + NEW_MASTER_KEY_VARIABLE + " (base64 of 32 bytes)."})
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        SecretsCommand secrets;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigOption configOption;

        @Option(names = "--new-key-file", paramLabel = "FILE",
                description = "The new master key, as base64 text (default: $" + NEW_MASTER_KEY_VARIABLE + ").")
        Path newKeyFile;

        @Override
        public Integer call() {
            Path file = configOption.file;
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                ConfigLoader loader = secrets.loader();
                SlipwayConfig config = loader.load(file);
                KeyProvider from = KeyProviders.open(config.secrets(), secrets.environment, Path.of(config.dataDir()));
                KeyProvider to = newKey();
                if (to == null) {
                    err.println("slipway: give the new master key: --new-key-file FILE or " + NEW_MASTER_KEY_VARIABLE);
                    err.flush();
                    return 1;
                }
                if (to.keyId().equals(from.keyId())) {
                    err.println("slipway: the new master key is the one in use (" + from.keyId() + ")");
                    err.flush();
                    return 1;
                }
                // The file's values first: they change nothing, so a value that does not re-wrap stops the
                // rotation before the database moves.
                SecretBox box = new SecretBox(to);
                Map<String, String> rewrapped = new LinkedHashMap<>();
                for (Map.Entry<String, String> value : loader.sealedValues(file).entrySet()) {
                    try {
                        rewrapped.put(value.getKey(), box.rewrap(value.getValue(), from));
                    } catch (SecretException e) {
                        throw new SecretException(file + ": " + value.getKey() + ": " + e.getMessage(), e);
                    }
                }
                int stored = Slipway.rewrapStoredSecrets(config, from, to);
                out.printf("Re-wrapped %d stored secret(s) from key %s to key %s, in one transaction.%n", stored,
                        from.keyId(), to.keyId());
                if (!rewrapped.isEmpty()) {
                    out.printf("Put these values in %s in place of the old ones (same secrets, under the new key):%n",
                            file);
                    rewrapped.forEach((path, value) -> out.println(path + ": " + value));
                }
                out.println("Then restart Slipway with the new key (" + to.keyId() + ") as "
                        + KeyProviders.MASTER_KEY_VARIABLE + ", secrets.masterKeyFile or <dataDir>/master.key;"
                        + " the old key no longer opens the database's secrets.");
                out.flush();
                return 0;
            } catch (ConfigException e) {
                return report(e, file, err);
            } catch (SecretException e) {
                return report(e, err);
            }
        }

        private KeyProvider newKey() {
            if (newKeyFile != null) {
                return LocalKeyProvider.fromFile(newKeyFile);
            }
            String fromEnvironment = secrets.environment.apply(NEW_MASTER_KEY_VARIABLE);
            return fromEnvironment == null || fromEnvironment.isBlank() ? null
                    : LocalKeyProvider.fromBase64(fromEnvironment, NEW_MASTER_KEY_VARIABLE);
        }
    }
}
