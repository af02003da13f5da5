/** JMH benchmarks and the TURN load generator; never deployed. */
package dev.ferry.bench;
