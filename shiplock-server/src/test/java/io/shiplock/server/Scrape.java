package io.shiplock.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scrape of {@code /metrics} in Prometheus' text format, read as a scraper reads it. */
record Scrape(List<Sample> samples) {
  record Sample(String name, Map<String, String> labels, double value) {}

  Scrape(String text) {
    this(parse(text));
  }

  private static List<Sample> parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0) {
        String inside = line.substring(brace + 1, line.lastIndexOf('}'));
        // Values are quoted and ours hold no quotes or commas: split on the quotes.
        for (String pair : inside.split("\",")) {
          if (pair.isBlank()) continue;
          int eq = pair.indexOf('=');
          labels.put(pair.substring(0, eq), pair.substring(eq + 2).replace("\"", ""));
        }
      }
      out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
    }
    return out;
  }

  /** The one sample of this name (a metric without labels). */
  double value(String name) {
    List<Sample> s = samples.stream().filter(x -> x.name().equals(name)).toList();
    if (s.size() != 1) throw new AssertionError(s.size() + " samples of " + name);
    return s.get(0).value();
  }

  /** The sum over the samples of this name whose labels include these. */
  double sum(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(x -> x.name().equals(name))
        .filter(x -> x.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  double sum(String name) {
    return sum(name, Map.of());
  }

  double sum(String name, String label, String value) {
    return sum(name, Map.of(label, value));
  }
}
