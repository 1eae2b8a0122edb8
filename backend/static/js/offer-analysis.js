/* Live text analysis on the offer form (matching/_offer_text_analysis.html): add a detected skill to
   the picker at the level proposed or chosen, add them all, ignore one for good, or copy a fact read
   in the text into its field. */
(function () {
  "use strict";

  function addDetected(item, level) {
    var picker = document.querySelector('[data-skill-picker][data-name="skills"]');
    if (!picker) return;
    var id = item.dataset.skillId;
    var chosen = window.Tremplin.addSkill(picker, id, item.dataset.label);
    var radio = chosen.querySelector('input[name="level_' + id + '"][value="' + level + '"]');
    if (radio) radio.checked = true;
    item.hidden = true;
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
      if (form) form.insertAdjacentHTML("beforeend", '<input type="hidden" name="dismissed_skills" value="' + window.Tremplin.escapeHtml(item.dataset.skillId) + '">');
      item.hidden = true;
      return;
    }
    var fill = event.target.closest("[data-fill-field]");
    if (fill) {
      var field = document.getElementById(fill.dataset.fillField);
      if (field) { field.value = fill.dataset.value; field.dispatchEvent(new Event("change", { bubbles: true })); field.focus(); }
    }
  });
})();
