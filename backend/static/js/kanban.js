/* Kanban (placements' board): a card whose move changed its state goes to the top of its new column
   at once, and both columns' counts follow (the server sent the card back in place; a reload gives
   the same). Needs htmx, loaded before this file. */
(function () {
  "use strict";

  function moveCard(card) {
    var from = card.closest("[data-column]");
    var board = card.closest(".kanban");
    if (!from || !board || from.dataset.column === card.dataset.state) return;
    var to = board.querySelector('[data-column="' + card.dataset.state + '"]');
    if (!to) return;
    var first = to.querySelector(":scope > .app-card");
    var empty = to.querySelector(":scope > [data-empty]");
    if (first) to.insertBefore(card, first);
    else if (empty) empty.replaceWith(card);
    else to.appendChild(card);
    [[from, -1], [to, 1]].forEach(function (pair) {
      var badge = pair[0].querySelector("h2 .badge");
      if (badge && /^[0-9]+$/.test(badge.textContent.trim())) {
        badge.textContent = String(Math.max(0, parseInt(badge.textContent, 10) + pair[1]));
      }
    });
    card.scrollIntoView({ block: "nearest" });
  }

  if (window.htmx) {
    window.htmx.onLoad(function (elt) {
      if (elt.matches && elt.matches(".kanban .app-card")) {
        window.setTimeout(function () { moveCard(elt); }, 0);
      }
    });
  }
})();
