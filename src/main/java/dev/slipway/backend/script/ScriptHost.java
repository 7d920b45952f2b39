package dev.slipway.backend.script;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which machine, in which boot, launched a script: a run's process can be seen, followed and signalled only from
 * there. The boot counts because a reboot ends every process while the hostname stays.
 */
final class ScriptHost {
    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private ScriptHost() {
    }

    /** This machine as {@code <hostname>/<boot id>}, or the hostname alone where the boot id cannot be read. */
    static String local() {
        String boot = read(BOOT_ID);
        return clean(hostname()) + (boot.isEmpty() ? "" : "/" + clean(boot));
    }

    private static String hostname() {
        String name = read(HOSTNAME);
        if (!name.isEmpty()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** A handle separates its fields with {@code ;}, so an identity never contains one. */
    static String clean(String identity) {
        return identity.strip().replace(';', '_').replaceAll("\\s+", "_");
    }
}
