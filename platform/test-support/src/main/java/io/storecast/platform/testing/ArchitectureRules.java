package io.storecast.platform.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering every service keeps: its {@code domain} package is plain Java. */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /**
     * Fails when {@code <base>.domain} uses a framework, a driver, the service's other layers, or any
     * platform piece except the plain-Java problem exceptions and the event contracts.
     */
    public static void checkDomainIsPlainJava(String basePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        noClasses().that().resideInAPackage(basePackage + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "com.mongodb..", "org.bson..", "jakarta..", "tools.jackson..", "com.fasterxml..",
                        "io.micrometer..", basePackage + ".application..", basePackage + ".web..",
                        basePackage + ".persistence..", basePackage + ".messaging..")
                .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "platform classes other than io.storecast.platform.problems",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("io.storecast.platform")
                                && !c.getPackageName().equals("io.storecast.platform.problems")))
                .because("domain rules are plain Java, unit-tested without Spring or infrastructure")
                .check(classes);
    }
}
