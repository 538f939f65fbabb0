package io.baton.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The decision core stays pure: only the JDK's language, collections and time, and Baton's API. */
class CoreHasNoFrameworkImportTest {

    @Test
    void core_classes_depend_only_on_the_jdk_basics_and_the_api() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.baton.core");
        classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java.lang..", "java.util..", "java.time..", "io.baton.api..", "io.baton.core..")
                .because("the core must not import OSGi, MQTT, Gson or I/O (java.io, java.nio, java.net)")
                .check(core);
    }
}
