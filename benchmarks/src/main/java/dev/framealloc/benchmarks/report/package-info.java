/**
 * The report generator: reads JMH's JSON results and the frame-loop results, checks the targets and
 * writes {@code docs/BENCHMARKS.md} with tables of medians and ratios and XChart PNG charts.
 * Entry point: {@link dev.framealloc.benchmarks.report.ReportGenerator}.
 */
package dev.framealloc.benchmarks.report;
