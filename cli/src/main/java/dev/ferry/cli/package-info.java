/** Command-line entry points: the {@code turnd} daemon and the {@code turnctl} operator tool. */
package dev.ferry.cli;
