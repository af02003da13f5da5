/** Test-only support shared by all modules; never on a production classpath. */
package dev.ferry.testing;
