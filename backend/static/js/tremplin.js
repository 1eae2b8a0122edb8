/* Tremplin — small progressive enhancements. Every form works without this file:
   the server resolves typed communes, and all fields are shown. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Autocomplete: typing again forgets the previously picked code, so the server resolves the text.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".autocomplete input[type=text]")) return;
    var hidden = input.closest(".autocomplete").querySelector("input[type=hidden]");
    if (hidden) hidden.value = "";
  });

  // Enter picks the first suggestion instead of submitting half a word; Escape closes the list.
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".autocomplete input[type=text]")) return;
    var list = input.closest(".autocomplete").querySelector(".suggestions");
    var first = list && list.querySelector("button");
    if (event.key === "Enter" && (first || input.closest("[data-skill-picker]"))) {
      // A skill search never submits the whole offer.
      event.preventDefault();
      if (first) first.click();
    } else if (event.key === "Escape" && list) {
      list.innerHTML = "";
    } else if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    var button = event.target;
    if (!button.matches || !button.matches(".suggestions button")) return;
    var item = button.closest("li");
    if (event.key === "ArrowDown" && item.nextElementSibling) {
      event.preventDefault();
      var next = item.nextElementSibling.querySelector("button");
      if (next) next.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      var prev = item.previousElementSibling && item.previousElementSibling.querySelector("button");
      (prev || button.closest(".autocomplete").querySelector("input[type=text]")).focus();
    } else if (event.key === "Escape") {
      var input = button.closest(".autocomplete").querySelector("input[type=text]");
      button.closest("ul").innerHTML = "";
      input.focus();
    }
  });

  // After a commune or job title is picked, focus returns to the field.
  // (The pick itself fills the hidden code and the visible label here: no inline handler, so the
  // Content-Security-Policy can forbid inline script.)
  document.addEventListener("click", function (event) {
    var pick = event.target.closest(".suggestions button[data-insee], .suggestions button[data-code]");
    if (!pick) return;
    var box = pick.closest(".autocomplete");
    if (!box) return;
    var input = box.querySelector("input[type=text]");
    box.querySelector("input[type=hidden]").value = pick.dataset.insee || pick.dataset.code;
    input.value = pick.dataset.label;
    var list = pick.closest("ul");
    if (list) list.innerHTML = "";
    // At once, in this handler: a deferred focus could land after the person (or a test) has
    // already moved to the next field, and send what they type into this one.
    input.focus();
  });

  // Skills picker: a suggestion becomes a row (with its level when the picker asks for one).
  document.addEventListener("click", function (event) {
    var pick = event.target.closest(".skill-suggestion");
    if (pick) {
      var picker = pick.closest("[data-skill-picker]");
      var chosen = picker.querySelector("[data-chosen]");
      var id = pick.dataset.skillId;
      if (!chosen.querySelector('input[name="' + picker.dataset.name + '"][value="' + id + '"]')) {
        var html = picker.querySelector("template").innerHTML
          .split("__ID__").join(escapeHtml(id))
          .split("__LABEL__").join(escapeHtml(pick.dataset.label));
        chosen.insertAdjacentHTML("beforeend", html);
      }
      pick.closest("ul").innerHTML = "";
      var query = picker.querySelector("input[type=text]");
      query.value = "";
      query.focus();
      var status = picker.querySelector("[data-picker-status]");
      if (status) status.textContent = pick.dataset.label + " ajoutée.";
      return;
    }
    var remove = event.target.closest("[data-remove-skill]");
    if (remove) {
      var row = remove.closest("li");
      var box = remove.closest("[data-skill-picker]");
      row.parentNode.removeChild(row);
      if (box) box.querySelector("input[type=text]").focus();
    }
  });

  // Live text analysis (offer form): add a detected skill to the picker, or ignore it for good.
  function addDetected(item, level) {
    var picker = document.querySelector('[data-skill-picker][data-name="skills"]');
    if (!picker) return;
    var id = item.dataset.skillId;
    var chosen = picker.querySelector("[data-chosen]");
    if (!chosen.querySelector('input[name="skills"][value="' + id + '"]')) {
      var html = picker.querySelector("template").innerHTML
        .split("__ID__").join(escapeHtml(id))
        .split("__LABEL__").join(escapeHtml(item.dataset.label));
      chosen.insertAdjacentHTML("beforeend", html);
    }
    var radio = chosen.querySelector('input[name="level_' + id + '"][value="' + level + '"]');
    if (radio) radio.checked = true;
    item.hidden = true;
    var status = picker.querySelector("[data-picker-status]");
    if (status) status.textContent = item.dataset.label + " ajoutée.";
  }
  document.addEventListener("click", function (event) {
    var accept = event.target.closest("[data-accept-detected]");
    if (accept) { addDetected(accept.closest("[data-detected]"), accept.dataset.level); return; }
    var all = event.target.closest("[data-accept-all-detected]");
    if (all) {
      document.querySelectorAll("[data-detected]:not([hidden])").forEach(function (item) {
        var suggested = item.querySelector("[data-accept-detected][data-suggested]");
        addDetected(item, suggested ? suggested.dataset.level : "required");
      });
      return;
    }
    var dismiss = event.target.closest("[data-dismiss-detected]");
    if (dismiss) {
      var item = dismiss.closest("[data-detected]");
      var form = item.closest("form");
      if (form) form.insertAdjacentHTML("beforeend", '<input type="hidden" name="dismissed_skills" value="' + escapeHtml(item.dataset.skillId) + '">');
      item.hidden = true;
      return;
    }
    var fill = event.target.closest("[data-fill-field]");
    if (fill) {
      var field = document.getElementById(fill.dataset.fillField);
      if (field) { field.value = fill.dataset.value; field.dispatchEvent(new Event("change", { bubbles: true })); field.focus(); }
    }
  });

  // Fields that only make sense for some answers: data-show-when="contract_type:CDD,STAGE".
  function applyConditions(root) {
    (root || document).querySelectorAll("[data-show-when]").forEach(function (block) {
      var parts = block.dataset.showWhen.split(":");
      var form = block.closest("form");
      if (!form) return;
      var fields = form.querySelectorAll('[name="' + parts[0] + '"]');
      var value = "";
      fields.forEach(function (f) {
        if ((f.type !== "radio" && f.type !== "checkbox") || f.checked) value = f.value;
      });
      block.hidden = parts[1].split(",").indexOf(value) === -1;
    });
  }
  document.addEventListener("change", function () { applyConditions(); });
  document.addEventListener("DOMContentLoaded", function () {
    applyConditions();
    // After a refused submit, start from the list of what to correct.
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
  document.addEventListener("htmx:afterSettle", function () { applyConditions(); });

  // Kanban: a card whose move changed its state goes to the top of its new column at once, and
  // both columns' counts follow (the server sent the card back in place; a reload gives the same).
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

  // Irreversible actions ask first.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // A table wider than the screen scrolls inside its .table-wrap: the keyboard must reach it
  // (tabindex) and a screen reader names it after its caption or its section's heading (RGAA 7.3).
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
