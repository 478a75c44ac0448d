// The handout's print footer says when it was printed: a copy on a staffroom
// table should show how old it is. Filled on load and again just before
// printing, in the GOV.UK style (1 December 2026).
(function () {
  function fill() {
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll("[data-px-print-date]").forEach(function (el) {
      el.textContent = today;
    });
  }
  fill();
  window.addEventListener("beforeprint", fill);
})();
