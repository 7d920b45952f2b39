package dev.slipway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rule of STYLE.md: the core knows no adapter, and adapters do not know each other. */
class ArchitectureTest {
    /** Packages that talk to one outside system each. store.jdbc is the SQL the two database adapters share. */
    private static final List<String> ADAPTERS = List.of(
            "dev.slipway.backend.script..",
            "dev.slipway.backend.gitlab..",
            "dev.slipway.backend.kubernetes..",
            "dev.slipway.chat.console..",
            "dev.slipway.chat.slack..",
            "dev.slipway.store.sqlite..",
            "dev.slipway.store.postgres..",
            "dev.slipway.http..");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.slipway");
    }

    @Test
    void domain_is_plain_java() {
        classes().that().resideInAPackage("dev.slipway.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.slipway.domain..")
                .check(classes);
    }

    @Test
    void use_cases_see_only_the_domain_and_the_ports() {
        classes().that().resideInAPackage("dev.slipway.app..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..",
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
        for (String adapter : ADAPTERS) {
            String[] others = ADAPTERS.stream().filter(other -> !other.equals(adapter)).toArray(String[]::new);
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
    void configuration_does_not_reach_into_adapters_or_use_cases() {
        noClasses().that().resideInAPackage("dev.slipway.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slipway.app..", "dev.slipway.backend.(*)..",
                        "dev.slipway.chat..", "dev.slipway.store..", "dev.slipway.http..")
                .check(classes);
    }
}
