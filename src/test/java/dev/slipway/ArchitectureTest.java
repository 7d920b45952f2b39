package dev.slipway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rule of STYLE.md: the core knows no adapter, and adapters do not know each other. */
class ArchitectureTest {
    /** The ports; each package below one of them is an adapter that talks to one outside system. */
    private static final List<String> PORTS = List.of("backend", "chat", "store");
    /** store.jdbc is the SQL that the two database adapters share, not an adapter of its own. */
    private static final String SHARED_SQL = "dev.slipway.store.jdbc";
    /** What an inbound adapter (a chat surface, the HTTP server, the web dashboard) may ask of the use cases: nothing else there. */
    private static final List<String> USE_CASES_FOR_INBOUND = List.of(
            "dev.slipway.app.AccessService",
            "dev.slipway.app.ChatRequest",
            "dev.slipway.app.Dashboard",
            "dev.slipway.app.DeniedAttempts",
            "dev.slipway.app.InboxService",
            "dev.slipway.app.HookService",
            "dev.slipway.app.ReviewService",
            "dev.slipway.app.command.Command",
            "dev.slipway.app.command.CommandDispatcher",
            "dev.slipway.app.command.CommandParser",
            "dev.slipway.app.command.CommandSpec",
            "dev.slipway.app.command.Invocation",
            "dev.slipway.app.command.Reply");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.slipway");
    }

    /** Every adapter package, found in the tree: each package right below a port, the HTTP server and the web dashboard. */
    private static List<String> adapters() {
        Stream<String> belowPorts = classes.stream().map(JavaClass::getPackageName)
                .filter(name -> PORTS.stream().anyMatch(port -> name.startsWith("dev.slipway." + port + ".")))
                .map(name -> String.join(".", java.util.Arrays.copyOf(name.split("\\."), 4)))
                .filter(name -> !name.equals(SHARED_SQL));
        return Stream.concat(belowPorts, Stream.of("dev.slipway.http", "dev.slipway.web")).distinct().sorted()
                .map(name -> name + "..").toList();
    }

    @Test
    void the_adapter_list_is_found_in_the_tree() {
        assertThat(adapters()).contains("dev.slipway.backend.script..", "dev.slipway.backend.gitlab..",
                "dev.slipway.backend.kubernetes..", "dev.slipway.chat.console..", "dev.slipway.chat.slack..",
                "dev.slipway.store.sqlite..", "dev.slipway.store.postgres..", "dev.slipway.http..",
                "dev.slipway.web..")
                .doesNotContain(SHARED_SQL + "..");
    }

    @Test
    void packages_do_not_depend_on_each_other_in_a_cycle() {
        slices().matching("dev.slipway.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void inbound_adapters_call_only_the_use_cases_meant_for_them() {
        classes().that().resideInAnyPackage("dev.slipway.chat.(*)..", "dev.slipway.http..", "dev.slipway.web..")
                .should().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "outside dev.slipway.app, or one of " + USE_CASES_FOR_INBOUND,
                        (JavaClass target) -> !target.getPackageName().startsWith("dev.slipway.app")
                                || USE_CASES_FOR_INBOUND.contains(target.getName())
                                || USE_CASES_FOR_INBOUND.stream().anyMatch(
                                        type -> target.getName().startsWith(type + "$"))))
                .check(classes);
    }

    @Test
    void domain_is_plain_java() {
        classes().that().resideInAPackage("dev.slipway.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.slipway.domain..")
                .check(classes);
    }

    @Test
    void log_masking_sees_only_logback_its_json_encoder_and_the_domain() {
        classes().that().resideInAPackage("dev.slipway.log..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "ch.qos.logback..", "org.slf4j..",
                        "net.logstash.logback..", "com.fasterxml.jackson.core..",
                        "dev.slipway.domain..", "dev.slipway.log..")
                .check(classes);
    }

    @Test
    void use_cases_see_only_the_domain_the_ports_and_the_logging_and_metrics_facades() {
        classes().that().resideInAPackage("dev.slipway.app..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..",
                        "io.micrometer.core.instrument..",
                        "dev.slipway.domain..", "dev.slipway.app..",
                        "dev.slipway.backend", "dev.slipway.chat", "dev.slipway.store")
                .check(classes);
    }

    @Test
    void ports_do_not_know_their_adapters() {
        for (String port : List.of("backend", "chat", "store")) {
            noClasses().that().resideInAPackage("dev.slipway." + port)
                    .should().dependOnClassesThat().resideInAnyPackage("dev.slipway." + port + ".(*)..")
                    .check(classes);
        }
    }

    @Test
    void adapters_do_not_import_each_other() {
        List<String> adapters = adapters();
        for (String adapter : adapters) {
            String[] others = adapters.stream().filter(other -> !other.equals(adapter)).toArray(String[]::new);
            noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(classes);
        }
    }

    @Test
    void shared_sql_is_used_only_by_the_database_adapters() {
        noClasses().that().resideOutsideOfPackages("dev.slipway.store..", "dev.slipway")
                .should().dependOnClassesThat().resideInAPackage("dev.slipway.store.jdbc..")
                .check(classes);
    }

    @Test
    void only_the_composition_root_sees_the_command_line() {
        noClasses().that().resideOutsideOfPackages("dev.slipway", "dev.slipway.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slipway", "dev.slipway.cli..")
                .check(classes);
    }

    @Test
    void secrets_see_only_java_slf4j_and_in_their_kms_package_the_aws_sdk() {
        classes().that().resideInAPackage("dev.slipway.secret")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "org.slf4j..",
                        "dev.slipway.secret")
                .check(classes);
        classes().that().resideInAPackage("dev.slipway.secret.kms..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..",
                        "software.amazon.awssdk..", "dev.slipway.secret..")
                .check(classes);
    }

    @Test
    void secrets_are_used_by_the_configuration_the_store_the_command_line_and_slack_only() {
        noClasses().that().resideOutsideOfPackages("dev.slipway", "dev.slipway.secret..", "dev.slipway.config..",
                        "dev.slipway.store.jdbc..", "dev.slipway.store.sqlite..", "dev.slipway.store.postgres..",
                        "dev.slipway.cli..", "dev.slipway.chat.slack..")
                .should().dependOnClassesThat().resideInAPackage("dev.slipway.secret..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.slipway.domain..", "dev.slipway.app..")
                .should().dependOnClassesThat().resideInAPackage("dev.slipway.secret..")
                .check(classes);
    }

    @Test
    void configuration_does_not_reach_into_adapters_or_use_cases() {
        noClasses().that().resideInAPackage("dev.slipway.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slipway.app..", "dev.slipway.backend.(*)..",
                        "dev.slipway.chat..", "dev.slipway.store..", "dev.slipway.http..")
                .check(classes);
    }

    @Test
    void cron_expressions_are_read_by_the_configuration_alone() {
        noClasses().that().resideOutsideOfPackage("dev.slipway.config..")
                .should().dependOnClassesThat().resideInAPackage("com.cronutils..")
                .check(classes);
    }

    @Test
    void only_the_composition_root_and_the_http_server_know_the_metrics_are_prometheus_ones() {
        noClasses().that().resideOutsideOfPackages("dev.slipway", "dev.slipway.http..")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer.prometheusmetrics..")
                .check(classes);
    }
}
