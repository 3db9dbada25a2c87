package io.leadflow.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to load generated classes outside a trusted list (regression AVRO-4189). leadflow trusts
 * its own generated package in code so that users need no {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}.
 * Every generated class calls this from its static initializer (see src/main/avro-templates/README.md).
 */
public final class TrustedPackages {

  private static final String GENERATED_PACKAGE = "io.leadflow.avro.";
  private static volatile boolean installed;

  public static synchronized void allowLeadflowClasses() {
    if (installed) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
        previous, type -> type.getName().startsWith(GENERATED_PACKAGE)));
    installed = true;
  }

  private TrustedPackages() {}
}
