package io.leadflow.routing;

import io.leadflow.platform.observability.Management;

/** The pool browser, ops dashboard and admin form (static files from the class path), on the management port. */
final class PoolPage {

  private PoolPage() {}

  static void mount(Management management) {
    // filled in with the web page
  }
}
