package io.shiplock.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module direction of ARCHITECTURE.md: api ← core ← store ← server, agent ← cli. Core
 * knows nothing of HTTP or JDBC; the agent never reaches into the store or the server.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Other modules' test classes arrive as their test jars (the server's tests drive a
            // real agent across nodes): tests may cross module lines, production code may not.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.shiplock");
  }

  @Test
  void apiDependsOnNothingOfShiplock() {
    noClasses()
        .that()
        .resideInAPackage("io.shiplock.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.shiplock.core..",
            "io.shiplock.store..",
            "io.shiplock.server..",
            "io.shiplock.agent..",
            "io.shiplock.cli..")
        .check(classes);
  }

  @Test
  void coreKnowsNoStoreServerAgentHttpOrJdbc() {
    noClasses()
        .that()
        .resideInAPackage("io.shiplock.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.shiplock.store..",
            "io.shiplock.server..",
            "io.shiplock.agent..",
            "io.shiplock.cli..",
            "java.sql..",
            "org.jdbi..",
            "io.javalin..",
            "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void storeDependsOnlyOnCore() {
    noClasses()
        .that()
        .resideInAPackage("io.shiplock.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.shiplock.server..", "io.shiplock.agent..", "io.shiplock.cli..", "io.javalin..")
        .check(classes);
  }

  @Test
  void theRouteTableKnowsNoPages() {
    // Pages build on the route table and the engine; the API never reaches into them.
    noClasses()
        .that()
        .resideInAPackage("io.shiplock.server.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.shiplock.server.web..")
        .check(classes);
  }

  @Test
  void serverAndAgentStayApart() {
    noClasses()
        .that()
        .resideInAPackage("io.shiplock.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.shiplock.agent..", "io.shiplock.cli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.shiplock.agent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.shiplock.store..", "io.shiplock.server..", "io.shiplock.cli..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void theEngineKnowsNoRoutesPagesOrSources() {
    // The engine is called by the API, the pages and the importer, never the other way round.
    noClasses()
        .that()
        .resideInAPackage("io.shiplock.server.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.shiplock.server.api..", "io.shiplock.server.web..", "io.shiplock.server.sources..")
        .check(classes);
  }

  @Test
  void engineCodeReadsTheClockItIsGiven() {
    // Timeouts and expiry are tested on a clock the test moves; Instant.now() would escape it.
    noClasses()
        .that()
        .resideInAPackage("io.shiplock.server.engine..")
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .check(classes);
  }
}
