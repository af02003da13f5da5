/**
 * A TURN load generator that speaks real TURN (RFC 8656: Allocate, CreatePermission, ChannelBind,
 * ChannelData) to any server, so Ferry and coturn are measured by the same tool.
 */
package dev.ferry.bench.load;
