// The handout's footer: site name, the page's address and the day it was
// printed, at the foot of every printed sheet. It goes into the page's bottom
// margin (a CSS @page margin box), so it never covers the text; the date is
// set on load and again just before printing (GOV.UK style: 1 December 2026).
// Without JavaScript, site.css prints .px-print-footer (without the date) instead.
(function () {
  var style = document.createElement("style");
  style.media = "print";
  document.head.appendChild(style);

  function cssString(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\s+/g, " ").trim() + '"';
  }

  function fill() {
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll("[data-px-print-date]").forEach(function (el) {
      el.textContent = today;
    });
    var footer = document.querySelector(".px-print-footer");
    if (footer) {
      style.textContent =
        "@page { @bottom-left { content: " + cssString(footer.textContent) +
        "; font: 8pt sans-serif; vertical-align: top; padding-top: 2mm; border-top: 0.5pt solid #000; } }";
    }
  }
  fill();
  window.addEventListener("beforeprint", fill);
})();
