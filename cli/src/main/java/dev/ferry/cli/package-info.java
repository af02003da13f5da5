/** Command-line entry points: the turnd daemon and the turnctl operator tool. */
package dev.ferry.cli;
