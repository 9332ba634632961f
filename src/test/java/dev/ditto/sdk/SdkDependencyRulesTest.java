package dev.ditto.sdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The SDK must stay liftable into its own jar: JDK, Jackson and JSpecify only, no package cycles. */
class SdkDependencyRulesTest {

    private static final JavaClasses SDK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ditto.sdk");

    @Test
    void dependsOnlyOnTheJdkJacksonAndJspecify() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.ditto.sdk..", "java..", "com.fasterxml.jackson..", "org.jspecify..")
                .check(SDK);
    }

    @Test
    void hasNoCyclesBetweenItsPackages() {
        slices().matching("dev.ditto.(**)").should().beFreeOfCycles().check(SDK);
    }
}
