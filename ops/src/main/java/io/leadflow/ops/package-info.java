/**
 * The commands sales ops run beside the live pipeline: simulate and backtest (the real topologies, offline, in
 * stream time), recalibrate weights from replayed outcomes, KPI reports, explain one lead, reset a service.
 */
package io.leadflow.ops;
