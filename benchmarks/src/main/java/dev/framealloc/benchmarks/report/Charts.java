package dev.framealloc.benchmarks.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Draws the report's PNG charts with XChart. */
final class Charts {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 620;
    private static final Color[] PALETTE = {
            new Color(0xD6, 0x27, 0x28), new Color(0xFF, 0x7F, 0x0E), new Color(0x1F, 0x77, 0xB4),
            new Color(0x2C, 0xA0, 0x2C), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
            new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F)};

    /** One line of a chart: a contestant's values at each x. */
    record Series(String name, double[] x, double[] y) {}

    private Charts() {}

    /**
     * A log-log line chart: ns per allocation against allocation size, one line per contestant. The x axis is
     * drawn in powers of two (tick labels are the sizes themselves), the y axis in powers of ten.
     *
     * @param file  the PNG to write
     * @param title chart title
     * @param series one per contestant; the first is drawn thicker (framealloc's fast path)
     */
    static void logLogLines(Path file, String title, String xTitle, String yTitle, List<Series> series)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.setCustomXAxisTickLabelsFormatter(Charts::powerOfTwoLabel);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        styler.setSeriesColors(PALETTE);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double[] log2x = new double[s.x().length];
            for (int k = 0; k < log2x.length; k++) {
                log2x[k] = Math.log(s.x()[k]) / Math.log(2);
            }
            XYSeries xy = chart.addSeries(s.name(), log2x, s.y());
            xy.setMarker(SeriesMarkers.CIRCLE);
            xy.setLineStyle(new BasicStroke(i == 0 ? 3.5f : 1.8f));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Tick label of a log2 x value: the power of two for whole exponents, nothing in between. */
    static String powerOfTwoLabel(double exponent) {
        long rounded = Math.round(exponent);
        if (Math.abs(exponent - rounded) > 1e-6 || rounded < 0 || rounded > 62) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "%,d", 1L << rounded);
    }

    /**
     * A grouped bar chart (linear scale), e.g. frame-time percentiles per vertex-data source.
     *
     * @param categories the groups on the x axis
     * @param names      one series name per bar in each group
     * @param values     {@code values[s][c]}: series s in category c
     */
    static void groupedBars(Path file, String title, String yTitle, List<String> categories, List<String> names,
                            double[][] values, boolean logarithmic) throws IOException {
        groupedBars(file, title, yTitle, categories, names, values, logarithmic, Styler.LegendPosition.InsideNW);
    }

    /** {@link #groupedBars(Path, String, String, List, List, double[][], boolean)} with the legend at {@code legend}. */
    static void groupedBars(Path file, String title, String yTitle, List<String> categories, List<String> names,
                            double[][] values, boolean logarithmic, Styler.LegendPosition legend) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x1F77B4), new Color(0xAEC7E8), new Color(0xFF7F0E),
                new Color(0xFFBB78)});
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        for (int s = 0; s < names.size(); s++) {
            List<Number> ys = new ArrayList<>();
            for (double v : values[s]) {
                ys.add(v);
            }
            chart.addSeries(names.get(s), categories, ys);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
