package dev.ditto;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package dependency rules of ARCHITECTURE.md, enforced on the compiled main classes. */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ditto");
    }

    @Test
    void sdkUsesOnlyTheJdkAndJackson() {
        classes().that().resideInAPackage("dev.ditto.sdk..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "dev.ditto.sdk..", "java..", "javax.net..", "com.fasterxml.jackson..", "org.jspecify..")
                .check(main);
    }

    @Test
    void providersUseOnlyTheSdkAndNotEachOther() {
        classes().that().resideInAPackage("dev.ditto.provider..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "dev.ditto.provider..", "dev.ditto.sdk..", "java..", "javax.net..", "com.fasterxml.jackson..",
                        "org.jspecify..")
                .check(main);
        for (String provider : new String[] {"openai", "anthropic", "gemini", "azure", "echo"}) {
            noClasses().that().resideInAPackage("dev.ditto.provider." + provider + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherProviders(provider))
                    .allowEmptyShould(true)
                    .check(main);
        }
    }

    private static String[] otherProviders(String provider) {
        return java.util.stream.Stream.of("openai", "anthropic", "gemini", "azure", "echo", "openaicompatible")
                .filter(other -> !other.equals(provider))
                .map(other -> "dev.ditto.provider." + other + "..")
                .toArray(String[]::new);
    }

    @Test
    void controlIsPlainJava() {
        noClasses().that().resideInAPackage("dev.ditto.control..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.ditto.gateway..", "dev.ditto.store..", "dev.ditto.ops..", "dev.ditto.launcher..",
                        "jakarta..", "org.hibernate..", "redis.clients..", "org.eclipse.jetty..")
                .allowEmptyShould(true)
                .check(main);
    }

    @Test
    void storesStayBehindTheirPorts() {
        noClasses().that().resideInAPackage("dev.ditto.store..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.ditto.gateway..", "dev.ditto.provider..", "dev.ditto.launcher..", "jakarta.ws.rs..",
                        "jakarta.servlet..")
                .check(main);
        noClasses().that().resideInAPackage("dev.ditto.store.jpa..")
                .should().dependOnClassesThat().resideInAPackage("redis.clients..").check(main);
        noClasses().that().resideInAPackage("dev.ditto.store.redis..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..")
                .check(main);
    }

    @Test
    void gatewayNeverReachesIntoStores() {
        noClasses().that().resideInAPackage("dev.ditto.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.ditto.store..", "dev.ditto.launcher..", "org.hibernate..", "jakarta.persistence..",
                        "redis.clients..", "org.eclipse.jetty..")
                .check(main);
    }

    @Test
    void launcherHoldsNoBusinessCode() {
        noClasses().that().resideInAPackage("dev.ditto.launcher..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.ditto.control..", "dev.ditto.store..", "dev.ditto.provider..", "dev.ditto.sdk..")
                .check(main);
    }

    @Test
    void onlyTheLauncherKnowsJetty() {
        noClasses().that().resideOutsideOfPackage("dev.ditto.launcher..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .check(main);
    }

    @Test
    void onlyTheTokensPackageKnowsJtokkit() {
        // One place to swap the tokenizer; control reaches token counts through a port, never the library.
        noClasses().that().resideOutsideOfPackage("dev.ditto.gateway.tokens..")
                .should().dependOnClassesThat().resideInAPackage("com.knuddels.jtokkit..")
                .check(main);
    }

    @Test
    void bootstrapUsesTheJdkOnly() {
        classes().that().resideInAPackage("dev.ditto.launcher.boot..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.ditto.launcher.boot..",
                        "org.jspecify..")
                .check(main);
    }

    @Test
    void configIsIndependentOfTheRuntime() {
        noClasses().that().resideInAPackage("dev.ditto.config..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.ditto.gateway..", "dev.ditto.store..", "dev.ditto.provider..", "dev.ditto.launcher..",
                        "dev.ditto.control..", "dev.ditto.ops..", "jakarta..")
                .check(main);
    }

    @Test
    void onlyTheCompositionRootWiresStoresAndOps() {
        noClasses().that().resideOutsideOfPackages("dev.ditto", "dev.ditto.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.ditto.store..")
                .check(main);
    }
}
