package io.shiplock.agent;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Hides secure values in step output before it leaves the agent: the value itself, its base64 and
 * its URL-encoded form, longest first so a longer form is never half-masked.
 */
final class Masker {
  static final String MASK = "****";
  private final List<String> forms = new ArrayList<>();

  Masker(List<String> secrets) {
    for (String s : secrets) {
      if (s == null || s.length() < 3)
        continue; // masking one or two characters would shred the log
      forms.add(s);
      forms.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
      forms.add(
          Base64.getEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
      forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
    forms.sort(Comparator.comparingInt(String::length).reversed());
  }

  String mask(String line) {
    String out = line;
    for (String f : forms) if (out.contains(f)) out = out.replace(f, MASK);
    return out;
  }
}
