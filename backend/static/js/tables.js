/* A table wider than the screen scrolls inside its .table-wrap: the keyboard must reach it (tabindex)
   and a screen reader names it after its caption or its section's heading (RGAA 7.3). */
(function () {
  "use strict";

  function focusableScrollers() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        var caption = wrap.querySelector("caption[id]");
        var section = wrap.closest("section[aria-labelledby]");
        var name = caption ? caption.id : section && section.getAttribute("aria-labelledby");
        if (name && !wrap.hasAttribute("aria-labelledby")) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-labelledby", name);
        }
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", focusableScrollers);
  window.addEventListener("resize", focusableScrollers);
  document.addEventListener("htmx:afterSettle", focusableScrollers);
})();
