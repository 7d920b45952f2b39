package dev.slipway.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The median of a figure over rounds, with its smallest and largest, as the tables print them. */
record Spread(double median, double min, double max, int n) {

    static Spread of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values.stream().filter(v -> !Double.isNaN(v)).toList());
        if (sorted.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** {@code median (min–max)} in {@code format} ("%.2f"), just the median when there is one value. */
    String text(String format) {
        if (n == 0) {
            return "–";
        }
        String median = String.format(Locale.ROOT, format, this.median);
        return n == 1 ? median : median + " (" + String.format(Locale.ROOT, format, min) + "–"
                + String.format(Locale.ROOT, format, max) + ")";
    }
}
