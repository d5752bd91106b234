package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Accessibility and layout checks run in the browser on each page a test visits: every field has a
 * label, every button and link a name, every text a contrast of at least 4.5:1 with what is behind
 * it (WCAG AA, computed from the rendered colours), and no page scrolls sideways.
 */
final class PageChecks {
  private static final String A11Y =
      """
      const problems = [];
      for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
        const labelled = (el.id && document.querySelector('label[for="' + el.id + '"]'))
            || el.getAttribute('aria-label') || el.closest('label');
        if (!labelled) problems.push('no label: ' + el.outerHTML.slice(0, 80));
      }
      for (const b of document.querySelectorAll('button, a')) {
        if (!b.textContent.trim() && !b.getAttribute('aria-label'))
          problems.push('no name: ' + b.outerHTML.slice(0, 80));
      }
      for (const s of document.querySelectorAll('svg')) {
        if (!s.getAttribute('aria-label')) problems.push('svg without aria-label');
      }
      const rgb = s => s.match(/[\\d.]+/g).map(Number);
      const lum = c => {
        const a = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
      };
      const behind = el => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length < 4 || c[3] > 0) return c;
        }
        return [255, 255, 255];
      };
      for (const el of document.querySelectorAll('body *')) {
        if (el.closest('svg')) continue;
        if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
        const st = getComputedStyle(el);
        if (st.visibility === 'hidden' || st.display === 'none') continue;
        const a = lum(rgb(st.color)), b = lum(behind(el));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5)
          problems.push('contrast ' + ratio.toFixed(2) + ': ' + el.tagName + ' "' + el.textContent.trim().slice(0, 40) + '"');
      }
      return problems;
      """;

  private PageChecks() {}

  /** Fails with every problem found on the current page. */
  @SuppressWarnings("unchecked")
  static void accessible(WebDriver browser) {
    List<String> problems = (List<String>) ((JavascriptExecutor) browser).executeScript(A11Y);
    assertThat(problems).as("accessibility of " + browser.getCurrentUrl()).isEmpty();
  }

  /** The page fits the window's width: nothing to scroll sideways (wide tables scroll inside). */
  static void fitsWidth(WebDriver browser) {
    Object fits =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;");
    assertThat(fits).as("page width of " + browser.getCurrentUrl()).isEqualTo(true);
  }
}
